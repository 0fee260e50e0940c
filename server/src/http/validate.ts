import { ErrorCode } from '@keeper/shared';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Parses input with a shared schema; a failure becomes a 400 naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(ErrorCode.ValidationFailed, 'The request is not valid', {
    issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });
}
