import { createCipheriv, constants, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Node's chacha20 IV is the 32-bit block counter (little-endian) followed by the 96-bit nonce: all zero here.
const ZERO_IV = Buffer.alloc(16);

/**
 * A message's random key: 32 printable characters, because the SDK's DecryptData takes it as a C string.
 */
export function newRandomKey(): string {
  const bytes = randomBytes(32);
  let key = '';
  for (const b of bytes) key += ALNUM[b % ALNUM.length];
  return key;
}

/** `encrypt_random_key`: the random key RSA-encrypted with Keeper's public key, PKCS#1 v1.5, base64. */
export function encryptRandomKey(publicKey: KeyObject, randomKey: string): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(randomKey),
  ).toString('base64');
}

/**
 * `encrypt_chat_msg` for the Finance SDK TEST DOUBLE (tests/finance-sdk-double): ChaCha20 with the random key,
 * counter 0 and a zero nonce, base64. WeCom's real symmetric algorithm is not public; this is not it.
 */
export function encryptChatMessage(randomKey: string, json: string): string {
  const cipher = createCipheriv('chacha20', Buffer.from(randomKey, 'latin1'), ZERO_IV);
  return Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]).toString('base64');
}

/** The inverse, for tests that check what the simulator sent. */
export function decryptChatMessage(randomKey: string, encrypted: string): string {
  const decipher = createCipheriv('chacha20', Buffer.from(randomKey, 'latin1'), ZERO_IV);
  return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}
