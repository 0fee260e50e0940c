import { randomBytes } from 'node:crypto';
import { parseEncodingAesKey, type AesKey } from './aes-key';
import { CallbackError, CallbackErrorCode } from './callback-error';
import { buildWeComXml, DEFAULT_MAX_XML_BYTES, parseWeComXml } from './callback-xml';
import { decryptMessage, encryptMessage } from './message-crypto';
import { assertTimestampWithinWindow } from './replay-window';
import { assertSignature, computeSignature } from './signature';

export interface CallbackCodecOptions {
  /** The callback Token from the app's 接收消息 settings (≤ 32 letters or digits). */
  readonly token: string;
  /** The EncodingAESKey from the same page (43 characters). */
  readonly encodingAesKey: string;
  /** The corpid for a self-built app (the suite id for a third-party suite): what WeCom appends to the plaintext. */
  readonly receiveId: string;
  /** Largest POST body accepted. Default 256 KiB. */
  readonly maxBodyBytes?: number;
  /** When set, callbacks whose timestamp is further than this from now are rejected (replay guard). */
  readonly maxTimestampSkewSeconds?: number;
  /** Clock for the replay guard and for reply timestamps; injectable for tests. */
  readonly now?: () => number;
}

/** Query parameters as frameworks hand them over (Koa's `ctx.query`): repeated keys arrive as arrays. */
export type CallbackQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface DecryptedCallback {
  /** The decrypted inner XML, to store verbatim and to parse with `parseCallbackMessage`. */
  readonly xml: string;
  /** `ToUserName` of the envelope (the corpid). */
  readonly toUserName: string | undefined;
  /** `AgentID` of the envelope, absent for customer-contact callbacks of some apps. */
  readonly agentId: string | undefined;
}

export interface EncryptReplyOptions {
  readonly timestamp?: string;
  readonly nonce?: string;
  /** Fixed 16-byte random prefix; only for reproducible tests. */
  readonly random?: Buffer;
}

/** Echo strings are ~100 characters; anything near this size is not from WeCom. */
const MAX_ECHOSTR_LENGTH = 4096;
const MAX_PARAMETER_LENGTH = 128;

/**
 * Verifies, decrypts and encrypts WeCom callbacks for one app (one Token + EncodingAESKey + receiveid).
 * Every failure is a {@link CallbackError}; nothing else escapes for any input.
 */
export class CallbackCodec {
  private readonly token: string;
  private readonly encodingAesKey: string;
  private readonly aesKey: AesKey;
  private readonly receiveId: string;
  private readonly maxBodyBytes: number;
  private readonly maxTimestampSkewSeconds: number | undefined;
  private readonly now: () => number;

  constructor(options: CallbackCodecOptions) {
    if (!/^[A-Za-z0-9]{1,32}$/.test(options.token)) {
      throw new CallbackError(
        CallbackErrorCode.ConfigInvalid,
        'callback Token must be 1–32 letters or digits',
      );
    }
    if (options.receiveId.length === 0) {
      throw new CallbackError(CallbackErrorCode.ConfigInvalid, 'receiveId (the corpid) must not be empty');
    }
    this.token = options.token;
    this.encodingAesKey = options.encodingAesKey;
    this.aesKey = parseEncodingAesKey(options.encodingAesKey);
    this.receiveId = options.receiveId;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_XML_BYTES;
    this.maxTimestampSkewSeconds = options.maxTimestampSkewSeconds;
    this.now = options.now ?? Date.now;
  }

  /** GET URL verification: returns the decrypted echostr, to be sent back as the whole response body. */
  verifyUrl(query: CallbackQuery): string {
    const { signature, timestamp, nonce } = this.signatureParameters(query);
    const echostr = requireParameter(query, 'echostr', MAX_ECHOSTR_LENGTH);
    this.checkTimestamp(timestamp);
    assertSignature(this.token, timestamp, nonce, echostr, signature);
    return decryptMessage(this.aesKey, echostr, this.receiveId).message;
  }

  /** POST: parses the envelope, checks the signature over `Encrypt`, decrypts and checks the receiveid. */
  decryptPost(query: CallbackQuery, body: string | Buffer): DecryptedCallback {
    const { signature, timestamp, nonce } = this.signatureParameters(query);
    if (body.length > this.maxBodyBytes) {
      throw new CallbackError(
        CallbackErrorCode.PayloadTooLarge,
        `body larger than ${this.maxBodyBytes} bytes`,
      );
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const envelope = parseWeComXml(text, { maxBytes: this.maxBodyBytes });
    const encrypt = envelope.Encrypt;
    if (typeof encrypt !== 'string' || encrypt.length === 0) {
      throw new CallbackError(CallbackErrorCode.XmlInvalid, 'envelope has no single <Encrypt> element');
    }
    this.checkTimestamp(timestamp);
    assertSignature(this.token, timestamp, nonce, encrypt, signature);
    const { message } = decryptMessage(this.aesKey, encrypt, this.receiveId);
    return {
      xml: message,
      toUserName: optionalText(envelope.ToUserName),
      agentId: optionalText(envelope.AgentID),
    };
  }

  /** Encrypts a passive reply (inner XML, e.g. from {@link buildTextReplyXml}) into WeCom's reply envelope. */
  encryptReply(innerXml: string, options: EncryptReplyOptions = {}): string {
    const timestamp = options.timestamp ?? String(Math.floor(this.now() / 1000));
    const nonce = options.nonce ?? randomBytes(8).toString('hex');
    const encrypt = encryptMessage(this.encodingAesKey, innerXml, this.receiveId, options.random);
    const signature = computeSignature(this.token, timestamp, nonce, encrypt);
    // WeCom spells it TimeStamp here, unlike the query parameter.
    return buildWeComXml([
      ['Encrypt', encrypt],
      ['MsgSignature', signature],
      ['TimeStamp', timestamp],
      ['Nonce', nonce],
    ]);
  }

  private signatureParameters(query: CallbackQuery): { signature: string; timestamp: string; nonce: string } {
    return {
      signature: requireParameter(query, 'msg_signature', MAX_PARAMETER_LENGTH),
      timestamp: requireParameter(query, 'timestamp', MAX_PARAMETER_LENGTH),
      nonce: requireParameter(query, 'nonce', MAX_PARAMETER_LENGTH),
    };
  }

  private checkTimestamp(timestamp: string): void {
    if (this.maxTimestampSkewSeconds !== undefined) {
      assertTimestampWithinWindow(timestamp, this.maxTimestampSkewSeconds, this.now());
    }
  }
}

export interface TextReply {
  /** The member's UserID (the FromUserName of the message being answered). */
  readonly toUser: string;
  /** The corpid. */
  readonly fromCorpId: string;
  readonly content: string;
  /** Seconds since the epoch. */
  readonly createTime: number;
}

/** The inner XML of a passive text reply, to be passed to {@link CallbackCodec.encryptReply}. */
export function buildTextReplyXml(reply: TextReply): string {
  return buildWeComXml([
    ['ToUserName', reply.toUser],
    ['FromUserName', reply.fromCorpId],
    ['CreateTime', reply.createTime],
    ['MsgType', 'text'],
    ['Content', reply.content],
  ]);
}

/**
 * Frameworks have already URL-decoded the query (WeCom URL-encodes echostr, whose base64 may hold `+` and `/`).
 * A repeated parameter is ambiguous, so it is rejected rather than guessed.
 */
function requireParameter(query: CallbackQuery, name: string, maxLength: number): string {
  const value = query[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CallbackError(
      CallbackErrorCode.ParameterMissing,
      `query parameter ${name} is missing or repeated`,
    );
  }
  if (value.length > maxLength) {
    throw new CallbackError(CallbackErrorCode.PayloadTooLarge, `query parameter ${name} is too long`);
  }
  return value;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
