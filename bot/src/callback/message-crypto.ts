import { createDecipheriv, randomBytes } from 'node:crypto';
import { encrypt as wecomEncrypt } from '@wecom/crypto';
import { parseEncodingAesKey, type AesKey } from './aes-key';
import { CallbackError, CallbackErrorCode } from './callback-error';
import { pkcs7Unpad, WECOM_BLOCK_SIZE } from './pkcs7';

/** Strict base64: WeCom never sends URL-safe or unpadded base64, and Node's decoder silently skips junk. */
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RANDOM_LENGTH = 16;
const HEADER_LENGTH = RANDOM_LENGTH + 4;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface DecryptedMessage {
  /** The plain message: the echostr answer for a GET, the inner XML for a POST. */
  readonly message: string;
  /** The corpid (or suite id) WeCom appended; checked by {@link decryptMessage} when `expectedReceiveId` is given. */
  readonly receiveId: string;
}

/**
 * Decrypts one `Encrypt` value (or echostr). We do not use `@wecom/crypto`'s decrypt here: it accepts any pad
 * value it does not understand, trusts the length prefix and can throw a RangeError on short input, and a
 * callback endpoint must turn every malformed input into a typed rejection.
 */
export function decryptMessage(
  aesKey: AesKey | string,
  encrypted: string,
  expectedReceiveId?: string,
): DecryptedMessage {
  const { key, iv } = typeof aesKey === 'string' ? parseEncodingAesKey(aesKey) : aesKey;
  if (encrypted.length === 0 || !BASE64_PATTERN.test(encrypted)) {
    throw new CallbackError(CallbackErrorCode.Base64DecodeFailed, 'ciphertext is not valid base64');
  }
  const ciphertext = Buffer.from(encrypted, 'base64');
  // The plaintext is padded to 32 bytes, so a genuine ciphertext is a non-empty multiple of 32.
  if (ciphertext.length === 0 || ciphertext.length % WECOM_BLOCK_SIZE !== 0) {
    throw new CallbackError(CallbackErrorCode.DecryptFailed, 'ciphertext length is not a multiple of 32');
  }

  let padded: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw new CallbackError(CallbackErrorCode.DecryptFailed, 'AES decryption failed', { cause });
  }

  const plain = pkcs7Unpad(padded);
  if (plain === null) {
    throw new CallbackError(CallbackErrorCode.DecryptFailed, 'bad PKCS#7 padding after decryption');
  }
  if (plain.length < HEADER_LENGTH) {
    throw new CallbackError(CallbackErrorCode.BufferInvalid, 'decrypted buffer is shorter than its header');
  }
  const messageLength = plain.readUInt32BE(RANDOM_LENGTH);
  if (messageLength > plain.length - HEADER_LENGTH) {
    throw new CallbackError(CallbackErrorCode.BufferInvalid, 'message length prefix exceeds the buffer');
  }

  let message: string;
  let receiveId: string;
  try {
    message = utf8.decode(plain.subarray(HEADER_LENGTH, HEADER_LENGTH + messageLength));
    receiveId = utf8.decode(plain.subarray(HEADER_LENGTH + messageLength));
  } catch (cause) {
    throw new CallbackError(CallbackErrorCode.BufferInvalid, 'decrypted buffer is not valid UTF-8', {
      cause,
    });
  }

  if (expectedReceiveId !== undefined && receiveId !== expectedReceiveId) {
    throw new CallbackError(
      CallbackErrorCode.ReceiveIdMismatch,
      'the message was encrypted for another corp or suite (receiveid mismatch)',
    );
  }
  return { message, receiveId };
}

/** Encrypts a message for WeCom: `random16 ‖ uint32be len ‖ msg ‖ receiveid`, 32-byte PKCS#7, AES-256-CBC. */
export function encryptMessage(
  encodingAesKey: string,
  message: string,
  receiveId: string,
  random: Buffer = randomBytes(RANDOM_LENGTH),
): string {
  parseEncodingAesKey(encodingAesKey);
  if (random.length !== RANDOM_LENGTH) {
    throw new CallbackError(CallbackErrorCode.EncryptFailed, 'the random prefix must be 16 bytes');
  }
  try {
    return wecomEncrypt(encodingAesKey, message, receiveId, random);
  } catch (cause) {
    throw new CallbackError(CallbackErrorCode.EncryptFailed, 'AES encryption failed', { cause });
  }
}
