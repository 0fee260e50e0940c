import { z } from 'zod';

/** Every error code the API can answer with. The console maps each one to a translated message. */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  InvalidCredentials: 'invalid_credentials',
  AccountDisabled: 'account_disabled',
  TooManyAttempts: 'too_many_attempts',
  CsrfRejected: 'csrf_rejected',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  CallbackRejected: 'callback_rejected',
  PayloadTooLarge: 'payload_too_large',
  NotConfigured: 'not_configured',
  /** WeCom refused what was asked (an unknown tag, a customer transferred too often…): `wecom` says why. */
  WeComRejected: 'wecom_rejected',
  /** WeCom refused Keeper's credentials or permissions: an administrator must fix the setup in WeCom. */
  WeComSetup: 'wecom_setup',
  /** WeCom could not be reached, was busy or rate-limited Keeper: trying later may work. */
  WeComUnavailable: 'wecom_unavailable',
  DatabaseUnavailable: 'database_unavailable',
  Internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

/** The body of every error response. */
export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  hint: z.string().optional(),
  requestId: z.string(),
  /** Field-level problems, present for validation_failed. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** WeCom's own answer, present when WeCom refused a call Keeper made (wecom_* codes). */
  wecom: z.object({ errcode: z.number().int(), errmsg: z.string() }).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
