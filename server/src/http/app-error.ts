import { ErrorCode } from '@keeper/shared';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_disabled: 403,
  too_many_attempts: 429,
  csrf_rejected: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  callback_rejected: 400,
  payload_too_large: 413,
  not_configured: 503,
  wecom_rejected: 422,
  wecom_setup: 502,
  wecom_unavailable: 502,
  database_unavailable: 503,
  internal_error: 500,
};

/** An error meant for the client: an HTTP status, a code from the shared contract and an optional hint. */
export class AppError extends Error {
  readonly status: number;
  readonly expose = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      hint?: string;
      issues?: { path: string; message: string }[];
      headers?: Record<string, string>;
      wecom?: { errcode: number; errmsg: string };
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError(ErrorCode.Forbidden, message);
