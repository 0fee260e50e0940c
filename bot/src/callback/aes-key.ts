import { CallbackError, CallbackErrorCode } from './callback-error';

/** WeCom's EncodingAESKey: exactly 43 characters of a-z A-Z 0-9 (base64 of 32 bytes without the final `=`). */
const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;

export interface AesKey {
  readonly key: Buffer;
  /** WeCom uses the first 16 bytes of the key as the CBC IV (a fixed IV: the random prefix makes it safe). */
  readonly iv: Buffer;
}

export function parseEncodingAesKey(encodingAesKey: string): AesKey {
  if (!ENCODING_AES_KEY_PATTERN.test(encodingAesKey)) {
    throw new CallbackError(
      CallbackErrorCode.AesKeyInvalid,
      'EncodingAESKey must be exactly 43 letters or digits, as shown in the WeCom admin console',
    );
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) {
    throw new CallbackError(CallbackErrorCode.AesKeyInvalid, 'EncodingAESKey does not decode to 32 bytes');
  }
  return { key, iv: key.subarray(0, 16) };
}
