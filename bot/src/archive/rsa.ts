import { constants, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';
import { RsaPaddingError, UnknownKeyVersionError } from './archive-errors.js';

/** PKCS#1 v1.5 requires at least 8 bytes of non-zero random padding (RFC 8017 §7.2.2). */
const MIN_PADDING = 8;

/**
 * RSA PKCS#1 v1.5 private decryption (protocol.md §7.2). Node ≥ 20.11.1 refuses RSA_PKCS1_PADDING for private
 * decryption (the CVE-2023-46809 mitigation against padding oracles), so this decrypts with RSA_NO_PADDING and
 * removes the type-2 padding itself. The oracle concern does not apply: the ciphertexts come from WeCom's servers
 * over the SDK, an attacker cannot submit chosen ciphertexts and observe the outcome.
 */
export function rsaDecryptPkcs1v15(key: KeyObject, ciphertext: Buffer): Buffer {
  const size = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (size === 0 || ciphertext.length !== size) {
    throw new RsaPaddingError(`ciphertext is ${ciphertext.length} bytes, the key needs ${size}`);
  }
  let block: Buffer;
  try {
    block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    // e.g. the value is not below the modulus: not produced by this key's public half.
    throw new RsaPaddingError('the ciphertext does not fit this key');
  }
  return removeType2Padding(block, size);
}

/** EM = 0x00 || 0x02 || PS (≥ 8 non-zero bytes) || 0x00 || M. */
function removeType2Padding(block: Buffer, size: number): Buffer {
  // OpenSSL returns the full k bytes for RSA_NO_PADDING; a shorter block means a leading zero was dropped.
  const em = block.length === size ? block : Buffer.concat([Buffer.alloc(size - block.length), block]);
  if (em[0] !== 0x00 || em[1] !== 0x02) throw new RsaPaddingError('the block does not start with 0x00 0x02');
  const separator = em.indexOf(0x00, 2);
  if (separator < 0) throw new RsaPaddingError('no 0x00 separator');
  if (separator - 2 < MIN_PADDING) throw new RsaPaddingError('padding shorter than 8 bytes');
  return em.subarray(separator + 1);
}

/** PEM strings by `publickey_ver`, as configured (keys of JSON objects are strings). */
export type ArchivePrivateKeys = Readonly<Record<number | string, string>>;

/**
 * Every archive private key Keeper was ever given, by `publickey_ver`. WeCom keeps old messages encrypted with the
 * key that was current when they were archived, so a rotation must keep the old keys.
 */
export class ArchiveKeyRing {
  private readonly keys: ReadonlyMap<number, KeyObject>;

  constructor(privateKeys: ArchivePrivateKeys) {
    const keys = new Map<number, KeyObject>();
    for (const [text, pem] of Object.entries(privateKeys)) {
      const version = Number(text);
      if (!Number.isInteger(version) || version < 0) {
        throw new Error(`archive key version must be a non-negative integer, got ${text}`);
      }
      const key = createPrivateKey(pem);
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`archive key ${version} is not an RSA key`);
      keys.set(version, key);
    }
    this.keys = keys;
  }

  versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  has(version: number): boolean {
    return this.keys.has(version);
  }

  /** `encrypt_random_key` (base64) → the random key DecryptData expects (bytes, passed on unchanged). */
  decryptRandomKey(version: number, encryptRandomKey: string): Buffer {
    const key = this.keys.get(version);
    if (!key) throw new UnknownKeyVersionError(version);
    return rsaDecryptPkcs1v15(key, Buffer.from(encryptRandomKey, 'base64'));
  }
}
