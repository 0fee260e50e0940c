import { ErrorCode, type ApiError } from '@keeper/shared';
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { isDatabaseUnavailable, isUniqueViolation } from '../db/errors';
import type { Logger } from '../logger';
import { AppError } from './app-error';
import { fromWeComFailure, isWeComFailure } from './wecom-error-mapper';

/**
 * The one place errors become responses: `{code, message, hint?, requestId}`. Unexpected errors are logged
 * with the request id and answered without their details.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (thrown) {
      const error = toAppError(thrown);
      const requestId = String(ctx.state.requestId ?? '');
      if (error.status >= 500) logger.error({ err: thrown, requestId, path: ctx.path }, 'request failed');
      else if (error.options.wecom) logger.warn({ err: thrown, requestId, path: ctx.path }, 'WeCom refused');
      const body: ApiError = { code: error.code, message: error.message, requestId };
      if (error.options.hint) body.hint = error.options.hint;
      if (error.options.issues) body.issues = error.options.issues;
      if (error.options.wecom) body.wecom = error.options.wecom;
      ctx.status = error.status;
      ctx.set(error.options.headers ?? {});
      ctx.body = body;
    }
  };
}

function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (isWeComFailure(thrown)) return fromWeComFailure(thrown);
  if (thrown instanceof ZodError) {
    return new AppError(ErrorCode.ValidationFailed, 'The request is not valid', {
      issues: thrown.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  if (isUniqueViolation(thrown)) {
    return new AppError(ErrorCode.Conflict, 'That already exists', {
      hint: 'Another record already uses this value; choose a different one.',
    });
  }
  if (isDatabaseUnavailable(thrown)) {
    return new AppError(ErrorCode.DatabaseUnavailable, 'The database is not answering', {
      hint: 'Try again in a moment; if it lasts, check the database server.',
    });
  }
  if (isHttpError(thrown) && thrown.status < 500) {
    // Koa's own errors (body too large, bad JSON) are safe to show.
    return new AppError(
      thrown.status === 413 || thrown.status === 400 ? ErrorCode.ValidationFailed : ErrorCode.NotFound,
      thrown.message,
    );
  }
  return new AppError(
    ErrorCode.Internal,
    'Something went wrong on our side. The request id helps us find it.',
  );
}

function isHttpError(error: unknown): error is { status: number; message: string; expose?: boolean } {
  return (
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
  );
}
