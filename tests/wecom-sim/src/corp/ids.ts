import { randomBytes } from 'node:crypto';
import type { Rng } from './rng.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

/**
 * Ids shaped like the ones WeCom hands out (observed, not specified): `wm…`/`wo…` customers, `wr…` groups,
 * `et…` tags. Drawn from a seeded generator so a seed reproduces the same corp.
 */
export class IdFactory {
  private msgSeq = 0;

  constructor(private readonly rng: Rng) {}

  externalUserId(type: 1 | 2): string {
    return (type === 1 ? 'wm' : 'wo') + this.rng.chars(26, BASE62) + 'AAAA';
  }

  chatId(): string {
    return 'wr' + this.rng.chars(24, BASE62) + 'AAAA';
  }

  tagId(): string {
    return 'et' + this.rng.chars(26, BASE62);
  }

  unionId(): string {
    return 'o' + this.rng.chars(27, BASE62 + '-_');
  }

  configId(): string {
    return this.rng.chars(32, HEX);
  }

  welcomeCode(): string {
    return this.rng.chars(43, BASE62);
  }

  oauthCode(): string {
    return this.rng.chars(43, BASE62);
  }

  /** Mass-message ids look like `msgXXXX…`. */
  massMsgId(): string {
    return 'msg' + this.rng.chars(24, BASE62);
  }

  /** App-message ids are opaque strings in WeCom's reply. */
  appMsgId(): string {
    return this.rng.chars(40, BASE62 + '-_');
  }

  /** How many archive msgids were handed out (part of a saved corp). */
  chatMsgCount(): number {
    return this.msgSeq;
  }

  restoreChatMsgCount(count: number): void {
    this.msgSeq = count;
  }

  /** Archive msgids: unique per message, unrelated to seq. */
  chatMsgId(): string {
    this.msgSeq += 1;
    return `${this.rng.chars(20, HEX)}_${this.msgSeq}_external`;
  }
}

/** Access tokens are secrets: never from the seeded generator. */
export function newAccessToken(): string {
  return randomBytes(96).toString('base64url').slice(0, 128);
}

export function newHint(): string {
  return `${Date.now()}${randomBytes(6).readUIntBE(0, 6)}`.slice(0, 25);
}
