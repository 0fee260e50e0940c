import { timingSafeEqual } from 'node:crypto';
import { getSignature } from '@wecom/crypto';
import { CallbackError, CallbackErrorCode } from './callback-error';

const SHA1_HEX = /^[0-9a-f]{40}$/;

/** `msg_signature = sha1_hex(join(sort([token, timestamp, nonce, encrypt])))`. */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  try {
    return getSignature(token, timestamp, nonce, encrypt);
  } catch (cause) {
    throw new CallbackError(CallbackErrorCode.SignatureComputeFailed, 'could not compute the signature', {
      cause,
    });
  }
}

/**
 * Constant-time comparison, so that response timing does not reveal how many leading characters of a forged
 * signature were right. The length (always 40) is public, so checking it first leaks nothing.
 */
export function isSignatureValid(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  signature: string,
): boolean {
  const given = signature.toLowerCase();
  if (!SHA1_HEX.test(given)) return false;
  const expected = computeSignature(token, timestamp, nonce, encrypt);
  return timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(given, 'ascii'));
}

export function assertSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  signature: string,
): void {
  if (!isSignatureValid(token, timestamp, nonce, encrypt, signature)) {
    throw new CallbackError(CallbackErrorCode.SignatureInvalid, 'msg_signature does not match');
  }
}
