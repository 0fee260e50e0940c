import {
  ArchiveFormatError,
  CallbackError,
  FinanceSdkError,
  FinanceSdkHostError,
  RsaPaddingError,
  UnknownKeyVersionError,
  WeComError,
  WeComNetworkError,
} from '@keeper/bot';
import {
  FailureCode,
  failureCodeSchema,
  failureParamsSchema,
  type Failure,
  type FailureParams,
} from '@keeper/shared';
import { isDatabaseUnavailable } from '../db/errors';
import type { JsonObject } from '../db/columns';

/** A failure Keeper itself recognised (an empty directory, a lease held elsewhere), with its code. */
export class KnownFailure extends Error {
  override readonly name = 'KnownFailure';

  constructor(
    readonly code: FailureCode,
    message: string,
    readonly params: FailureParams = {},
  ) {
    super(message);
  }
}

/**
 * What went wrong in a background job, as a code the console words and the technical text for the detail line.
 * The one place the errors jobs meet — WeCom's, the network's, the database's, the archive SDK's — get their code.
 */
export function failureOf(error: unknown): Failure {
  const detail = error instanceof Error ? error.message : String(error);
  const failure = (code: FailureCode, params: FailureParams = {}): Failure => ({ code, params, detail });
  if (error instanceof KnownFailure) return failure(error.code, error.params);
  if (error instanceof WeComError) return failure(FailureCode.WeComError, { errcode: error.code });
  if (error instanceof WeComNetworkError)
    return failure(FailureCode.WeComUnreachable, { reason: error.kind });
  if (isDatabaseUnavailable(error)) return failure(FailureCode.DatabaseUnavailable);
  if (error instanceof UnknownKeyVersionError)
    return failure(FailureCode.ArchiveKeyMissing, { keyVersion: error.version });
  if (error instanceof FinanceSdkError) return failure(FailureCode.ArchiveSdkError, { sdkCode: error.code });
  if (error instanceof FinanceSdkHostError)
    return failure(FailureCode.ArchiveSdkHost, { reason: error.failure });
  if (error instanceof RsaPaddingError) return failure(FailureCode.ArchiveUndecryptable);
  if (error instanceof ArchiveFormatError) return failure(FailureCode.ArchiveMalformed);
  if (error instanceof CallbackError) return failure(FailureCode.MalformedEvent);
  return failure(FailureCode.Unknown);
}

/**
 * A stored failure for the contract. Rows written before codes were stored have only their text: those read as
 * `unknown`, with the text as the detail.
 */
export function storedFailure(code: string | null, params: JsonObject | null, detail: string): Failure {
  const knownCode = failureCodeSchema.safeParse(code);
  const knownParams = failureParamsSchema.safeParse(params ?? {});
  return {
    code: knownCode.success ? knownCode.data : FailureCode.Unknown,
    params: knownParams.success ? knownParams.data : {},
    detail,
  };
}

/** A stored failure of a row that may have none (no code and no text). */
export function storedFailureIfAny(
  code: string | null,
  params: JsonObject | null,
  detail: string | null,
): Failure | null {
  return code === null && detail === null ? null : storedFailure(code, params, detail ?? '');
}
