/**
 * Errors of the chat-archive source. None of them ever carries a message body or key material: the archive holds
 * private conversations, and errors end up in logs.
 */

/** The Finance SDK's return codes (protocol.md §7.1). */
export const FINANCE_SDK_RETURN_CODES: Readonly<Record<number, string>> = {
  10000: 'bad parameters',
  10001: 'network error',
  10002: 'data parse failed',
  10003: 'system error',
  10004: 'key error',
  10005: 'bad sdkfileid',
  10006: 'decrypt failed',
  10007: 'no private key for this version',
  10008: 'bad encrypt_key',
  10009: 'IP not allowed',
  10010: 'data expired',
  10011: 'certificate error',
};

/** Network, parse and system failures pass; the others need a fix (keys, secret, IP list) first. */
export function isRetryableSdkCode(code: number): boolean {
  return code >= 10001 && code <= 10003;
}

/** A Finance SDK function returned a non-zero code. */
export class FinanceSdkError extends Error {
  override readonly name = 'FinanceSdkError';
  readonly retryable: boolean;

  constructor(
    readonly code: number,
    /** The SDK function: GetChatData, DecryptData, GetMediaData, Init. */
    readonly operation: string,
  ) {
    super(`Finance SDK ${operation} returned ${code} (${FINANCE_SDK_RETURN_CODES[code] ?? 'unknown code'})`);
    this.retryable = isRetryableSdkCode(code);
  }
}

export type FinanceSdkHostFailure = 'crashed' | 'timeout' | 'closed' | 'start-failed';

/**
 * The process that hosts the native library died, hung or was closed. Crashes and timeouts are retryable: the
 * client restarts the process and the same call usually works.
 */
export class FinanceSdkHostError extends Error {
  override readonly name = 'FinanceSdkHostError';
  readonly retryable: boolean;

  constructor(
    readonly failure: FinanceSdkHostFailure,
    message: string,
  ) {
    super(message);
    this.retryable = failure === 'crashed' || failure === 'timeout';
  }
}

/** A message was encrypted with a `publickey_ver` Keeper has no private key for. */
export class UnknownKeyVersionError extends Error {
  override readonly name = 'UnknownKeyVersionError';
  readonly retryable = false;

  constructor(readonly version: number) {
    super(`no archive private key for publickey_ver ${version}; add the key of that version to Keeper`);
  }
}

/** The RSA block is not a PKCS#1 v1.5 type-2 block: wrong key for this version, or corrupted data. */
export class RsaPaddingError extends Error {
  override readonly name = 'RsaPaddingError';
  readonly retryable = false;

  constructor(reason: string) {
    super(`RSA PKCS#1 v1.5 decryption failed: ${reason}`);
  }
}

/** A media file is larger than the caller allows; the download stopped there. */
export class MediaTooLargeError extends Error {
  override readonly name = 'MediaTooLargeError';
  readonly retryable = false;

  constructor(readonly maxBytes: number) {
    super(`media is larger than the ${maxBytes}-byte limit`);
  }
}

/** The SDK's output did not have the documented shape. `what` names the part, never the content. */
export class ArchiveFormatError extends Error {
  override readonly name = 'ArchiveFormatError';
  readonly retryable = false;

  constructor(what: string) {
    super(`unexpected archive data: ${what}`);
  }
}
