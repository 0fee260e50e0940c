import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncodingAesKey } from './aes-key';
import { buildTextReplyXml, CallbackCodec, type CallbackQuery } from './callback-codec';
import { CallbackError, CallbackErrorCode } from './callback-error';
import { parseWeComXml } from './callback-xml';
import { decryptMessage, encryptMessage } from './message-crypto';
import { computeSignature } from './signature';

// The official vectors of protocol.md §2.5 (WeCom's sample code).
const TOKEN = 'QDG6eK';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP_ID = 'wx5823bf96d3bd56c7';
const GET_QUERY = {
  msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};
const POST_QUERY = {
  msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
};
const POST_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const POST_BODY = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${POST_ENCRYPT}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;

function makeCodec(overrides: Partial<ConstructorParameters<typeof CallbackCodec>[0]> = {}): CallbackCodec {
  return new CallbackCodec({ token: TOKEN, encodingAesKey: AES_KEY, receiveId: CORP_ID, ...overrides });
}

function expectCallbackError(run: () => unknown, code: CallbackErrorCode): CallbackError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CallbackError);
  expect((caught as CallbackError).code).toBe(code);
  return caught as CallbackError;
}

/** Encrypts an arbitrary (possibly malformed) plaintext with the real key, without WeCom's framing. */
function rawEncrypt(plain: Buffer): string {
  const { key, iv } = parseEncodingAesKey(AES_KEY);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Builds a signed POST for a given Encrypt value. */
function signedPost(encrypt: string, token = TOKEN): { query: CallbackQuery; body: string } {
  const timestamp = '1700000000';
  const nonce = 'abc123';
  return {
    query: { msg_signature: computeSignature(token, timestamp, nonce, encrypt), timestamp, nonce },
    body: `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

describe(CallbackCodec.name, () => {
  describe('official vectors', () => {
    it('answers the GET URL verification with the decrypted echostr', () => {
      expect(makeCodec().verifyUrl(GET_QUERY)).toBe('1616140317555161061');
    });

    it('decrypts the POST vector (32-byte padding of 30) into the text message from mycreate', () => {
      const result = makeCodec().decryptPost(POST_QUERY, POST_BODY);
      expect(result.toUserName).toBe(CORP_ID);
      expect(result.agentId).toBe('218');
      const inner = parseWeComXml(result.xml);
      expect(inner).toMatchObject({
        FromUserName: 'mycreate',
        MsgType: 'text',
        Content: 'hello',
        MsgId: '4561255354251345929',
        AgentID: '218',
      });
    });

    it('accepts a Buffer body and an envelope without CDATA', () => {
      const body = Buffer.from(
        `<xml><ToUserName>${CORP_ID}</ToUserName><Encrypt>${POST_ENCRYPT}</Encrypt></xml>`,
      );
      expect(makeCodec().decryptPost(POST_QUERY, body).xml).toContain('<Content><![CDATA[hello]]></Content>');
    });

    it('accepts an upper-case signature', () => {
      const query = { ...GET_QUERY, msg_signature: GET_QUERY.msg_signature.toUpperCase() };
      expect(makeCodec().verifyUrl(query)).toBe('1616140317555161061');
    });
  });

  describe('rejections', () => {
    it('rejects a forged signature', () => {
      const forged = { ...GET_QUERY, msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4' };
      const error = expectCallbackError(
        () => makeCodec().verifyUrl(forged),
        CallbackErrorCode.SignatureInvalid,
      );
      expect(error.officialCode).toBe(-40001);
    });

    it('rejects a signature of the wrong shape and a body tampered after signing', () => {
      expectCallbackError(
        () => makeCodec().verifyUrl({ ...GET_QUERY, msg_signature: 'not-hex' }),
        CallbackErrorCode.SignatureInvalid,
      );
      const tampered = POST_BODY.replace('RypE', 'RypF');
      expectCallbackError(
        () => makeCodec().decryptPost(POST_QUERY, tampered),
        CallbackErrorCode.SignatureInvalid,
      );
    });

    it('rejects a message signed with another Token', () => {
      expectCallbackError(
        () => makeCodec({ token: 'OtherToken' }).decryptPost(POST_QUERY, POST_BODY),
        CallbackErrorCode.SignatureInvalid,
      );
    });

    it('rejects a message for another corp (receiveid mismatch)', () => {
      const error = expectCallbackError(
        () => makeCodec({ receiveId: 'wwOtherCorp' }).decryptPost(POST_QUERY, POST_BODY),
        CallbackErrorCode.ReceiveIdMismatch,
      );
      expect(error.officialCode).toBe(-40005);
    });

    it('rejects missing or repeated query parameters', () => {
      const { msg_signature: _omitted, ...withoutSignature } = GET_QUERY;
      expectCallbackError(() => makeCodec().verifyUrl(withoutSignature), CallbackErrorCode.ParameterMissing);
      expectCallbackError(
        () => makeCodec().verifyUrl({ ...GET_QUERY, nonce: ['1', '2'] }),
        CallbackErrorCode.ParameterMissing,
      );
      expectCallbackError(
        () => makeCodec().verifyUrl({ ...GET_QUERY, echostr: undefined }),
        CallbackErrorCode.ParameterMissing,
      );
    });

    it('rejects an oversized body before parsing it', () => {
      const huge = `<xml><Encrypt>${'A'.repeat(2048)}</Encrypt></xml>`;
      expectCallbackError(
        () => makeCodec({ maxBodyBytes: 1024 }).decryptPost(POST_QUERY, huge),
        CallbackErrorCode.PayloadTooLarge,
      );
      expectCallbackError(
        () => makeCodec().verifyUrl({ ...GET_QUERY, echostr: 'A'.repeat(5000) }),
        CallbackErrorCode.PayloadTooLarge,
      );
    });

    it.each([
      ['not XML', 'hello'],
      ['unclosed element', `<xml><Encrypt>${POST_ENCRYPT}</xml>`],
      ['two roots', `${POST_BODY}<xml></xml>`],
      ['wrong root', `<root><Encrypt>${POST_ENCRYPT}</Encrypt></root>`],
      ['no Encrypt', '<xml><ToUserName>x</ToUserName></xml>'],
      ['Encrypt twice', `<xml><Encrypt>${POST_ENCRYPT}</Encrypt><Encrypt>x</Encrypt></xml>`],
      ['DOCTYPE with entity', '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'],
      ['prototype-polluting name', '<xml><__proto__>x</__proto__><Encrypt>a</Encrypt></xml>'],
      ['empty body', ''],
    ])('rejects a bad envelope: %s', (_label, body) => {
      const error = expectCallbackError(
        () => makeCodec().decryptPost(POST_QUERY, body),
        CallbackErrorCode.XmlInvalid,
      );
      expect(error.officialCode).toBe(-40002);
    });

    it('rejects ciphertext that is not strict base64', () => {
      const { query, body } = signedPost('not base64!!');
      expectCallbackError(() => makeCodec().decryptPost(query, body), CallbackErrorCode.Base64DecodeFailed);
    });

    it('rejects truncated ciphertext', () => {
      const truncated = Buffer.from(POST_ENCRYPT, 'base64').subarray(0, 100).toString('base64');
      const { query, body } = signedPost(truncated);
      expectCallbackError(() => makeCodec().decryptPost(query, body), CallbackErrorCode.DecryptFailed);
    });

    it('rejects ciphertext cut at a block boundary (padding no longer valid)', () => {
      const cut = Buffer.from(POST_ENCRYPT, 'base64').subarray(0, 64).toString('base64');
      const { query, body } = signedPost(cut);
      expectCallbackError(() => makeCodec().decryptPost(query, body), CallbackErrorCode.DecryptFailed);
    });

    it.each([
      ['pad value 0', Buffer.concat([Buffer.alloc(31, 7), Buffer.from([0])])],
      ['pad value 33', Buffer.concat([Buffer.alloc(31, 7), Buffer.from([33])])],
      ['inconsistent pad bytes', Buffer.concat([Buffer.alloc(28, 7), Buffer.from([4, 4, 5, 4])])],
    ])('rejects bad PKCS#7 padding: %s', (_label, plain) => {
      const { query, body } = signedPost(rawEncrypt(plain));
      expectCallbackError(() => makeCodec().decryptPost(query, body), CallbackErrorCode.DecryptFailed);
    });

    it('rejects a plaintext shorter than its header or with a lying length prefix', () => {
      const short = Buffer.concat([Buffer.alloc(10, 1), Buffer.alloc(22, 22)]);
      const lying = Buffer.concat([
        Buffer.alloc(16, 1),
        Buffer.from([0, 0, 1, 0]),
        Buffer.from('hi'),
        Buffer.alloc(10, 10),
      ]);
      for (const plain of [short, lying]) {
        const { query, body } = signedPost(rawEncrypt(plain));
        expectCallbackError(() => makeCodec().decryptPost(query, body), CallbackErrorCode.BufferInvalid);
      }
    });

    it('rejects a decrypted message that is not valid UTF-8', () => {
      const message = Buffer.from([0xff, 0xfe]);
      const framed = Buffer.concat([
        Buffer.alloc(16, 1),
        Buffer.from([0, 0, 0, 2]),
        message,
        Buffer.from(CORP_ID),
      ]);
      const pad = 32 - (framed.length % 32);
      const { query, body } = signedPost(rawEncrypt(Buffer.concat([framed, Buffer.alloc(pad, pad)])));
      expectCallbackError(() => makeCodec().decryptPost(query, body), CallbackErrorCode.BufferInvalid);
    });

    it('rejects a bad EncodingAESKey and a bad Token at construction', () => {
      expectCallbackError(
        () => makeCodec({ encodingAesKey: AES_KEY.slice(1) }),
        CallbackErrorCode.AesKeyInvalid,
      );
      expectCallbackError(
        () => makeCodec({ encodingAesKey: `${AES_KEY.slice(1)}+` }),
        CallbackErrorCode.AesKeyInvalid,
      );
      expectCallbackError(() => makeCodec({ token: 'has space' }), CallbackErrorCode.ConfigInvalid);
      expectCallbackError(() => makeCodec({ receiveId: '' }), CallbackErrorCode.ConfigInvalid);
    });

    it('never throws anything but CallbackError on random garbage', () => {
      const codec = makeCodec();
      for (let i = 0; i < 200; i += 1) {
        const length = 32 * (1 + (i % 5));
        const garbage = Buffer.from(Array.from({ length }, (_, j) => (i * 31 + j * 17) % 256)).toString(
          'base64',
        );
        const { query, body } = signedPost(garbage);
        expect(() => codec.decryptPost(query, body)).toThrow(CallbackError);
      }
    });
  });

  describe('replay window', () => {
    it('is off by default and rejects stale timestamps when enabled', () => {
      const now = () => 1409659589_000 + 600_000;
      expect(makeCodec({ now }).verifyUrl(GET_QUERY)).toBe('1616140317555161061');
      expectCallbackError(
        () => makeCodec({ now, maxTimestampSkewSeconds: 300 }).verifyUrl(GET_QUERY),
        CallbackErrorCode.TimestampOutOfWindow,
      );
      expect(makeCodec({ now, maxTimestampSkewSeconds: 900 }).verifyUrl(GET_QUERY)).toBe(
        '1616140317555161061',
      );
    });
  });

  describe('passive reply', () => {
    it('builds a signed envelope that decrypts back to the reply', () => {
      const codec = makeCodec();
      const inner = buildTextReplyXml({
        toUser: 'mycreate',
        fromCorpId: CORP_ID,
        content: 'a ]]> b',
        createTime: 1,
      });
      const envelope = parseWeComXml(codec.encryptReply(inner, { timestamp: '1700000000', nonce: 'n1' }));
      expect(envelope.TimeStamp).toBe('1700000000');
      expect(envelope.Nonce).toBe('n1');
      const encrypt = String(envelope.Encrypt);
      expect(envelope.MsgSignature).toBe(computeSignature(TOKEN, '1700000000', 'n1', encrypt));
      const decrypted = decryptMessage(AES_KEY, encrypt, CORP_ID).message;
      expect(decrypted).toBe(inner);
      expect(parseWeComXml(decrypted)).toEqual({
        ToUserName: 'mycreate',
        FromUserName: CORP_ID,
        CreateTime: '1',
        MsgType: 'text',
        Content: 'a ]]> b',
      });
    });

    it('round-trips through decryptPost, including padding of a full block', () => {
      const codec = makeCodec();
      // 16 random + 4 length + 12 message + 18 corpid = 50 bytes; and 46 message bytes makes exactly 96 → pad 32.
      for (const message of ['<xml>hi</xml>', `<xml>${'x'.repeat(33)}</xml>`]) {
        const encrypt = encryptMessage(AES_KEY, message, CORP_ID);
        const { query, body } = signedPost(encrypt);
        expect(codec.decryptPost(query, body).xml).toBe(message);
      }
    });
  });
});
