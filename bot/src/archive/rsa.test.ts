import { constants, generateKeyPairSync, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RsaPaddingError, UnknownKeyVersionError } from './archive-errors.js';
import { ArchiveKeyRing, rsaDecryptPkcs1v15 } from './rsa.js';

function keyPair(): { publicKey: KeyObject; privateKey: KeyObject; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey,
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Encrypts a hand-made block without padding, to build malformed PKCS#1 blocks. */
function rawEncrypt(publicKey: KeyObject, block: Buffer): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, block);
}

function block(build: (em: Buffer) => void): Buffer {
  const em = Buffer.alloc(256, 0x5a);
  build(em);
  return em;
}

describe('rsaDecryptPkcs1v15', () => {
  const keys = keyPair();

  it('round-trips with publicEncrypt and RSA_PKCS1_PADDING, for any message length', () => {
    for (const length of [0, 1, 32, 245]) {
      const message = randomBytes(length);
      const encrypted = publicEncrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
      expect(rsaDecryptPkcs1v15(keys.privateKey, encrypted)).toEqual(message);
    }
  });

  it.each([
    ['first byte not 0x00', (em: Buffer) => ((em[0] = 0x01), (em[1] = 0x02), (em[100] = 0))],
    ['block type not 2', (em: Buffer) => ((em[0] = 0x00), (em[1] = 0x01), (em[100] = 0))],
    ['no separator', (em: Buffer) => ((em[0] = 0x00), (em[1] = 0x02))],
    ['fewer than 8 padding bytes', (em: Buffer) => ((em[0] = 0x00), (em[1] = 0x02), (em[9] = 0x00))],
  ])('rejects a block with %s', (_name, build) => {
    const em = block(build);
    // A first byte of 0x01 can exceed the modulus; then the key refuses it, which must be the same error type.
    expect(() =>
      rsaDecryptPkcs1v15(keys.privateKey, rawEncrypt(keys.publicKey, em.subarray(0, 256))),
    ).toThrow(RsaPaddingError);
  });

  it('accepts exactly 8 padding bytes', () => {
    const em = block((b) => ((b[0] = 0x00), (b[1] = 0x02), (b[10] = 0x00)));
    expect(rsaDecryptPkcs1v15(keys.privateKey, rawEncrypt(keys.publicKey, em))).toEqual(em.subarray(11));
  });

  it('rejects a ciphertext of the wrong length', () => {
    expect(() => rsaDecryptPkcs1v15(keys.privateKey, Buffer.alloc(100))).toThrow(RsaPaddingError);
  });
});

describe(ArchiveKeyRing.name, () => {
  const v1 = keyPair();
  const v2 = keyPair();
  const sut = new ArchiveKeyRing({ 1: v1.privatePem, 2: v2.privatePem });
  const encryptFor = (publicKey: KeyObject, text: string) =>
    publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString(
      'base64',
    );

  it('keeps every version and decrypts with the key of the version given', () => {
    expect(sut.versions()).toEqual([1, 2]);
    expect(sut.decryptRandomKey(1, encryptFor(v1.publicKey, 'k1')).toString()).toBe('k1');
    expect(sut.decryptRandomKey(2, encryptFor(v2.publicKey, 'k2')).toString()).toBe('k2');
  });

  it('names an unknown version', () => {
    const attempt = () => sut.decryptRandomKey(7, encryptFor(v1.publicKey, 'k'));
    expect(attempt).toThrow(UnknownKeyVersionError);
    expect(attempt).toThrow(/publickey_ver 7/);
  });

  it('fails on the wrong key of a known version with a padding error, not garbage', () => {
    expect(() => sut.decryptRandomKey(2, encryptFor(v1.publicKey, 'k'))).toThrow(RsaPaddingError);
  });

  it('refuses bad versions and non-RSA keys', () => {
    expect(() => new ArchiveKeyRing({ x: v1.privatePem })).toThrow(/version/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => new ArchiveKeyRing({ 1: ec.toString() })).toThrow(/not an RSA key/);
  });
});
