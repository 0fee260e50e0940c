import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { newNonce, withQuery } from './envelope.js';

export interface VerifyTarget {
  url: string;
  token: string;
  aesKey: string;
  corpId: string;
  timeoutMs?: number;
}

export interface VerifyResult {
  ok: boolean;
  url: string;
  expected: string;
  httpStatus?: number;
  received?: string;
  error?: string;
}

/**
 * What the admin console does when a callback URL is saved: GET it with an encrypted echostr and require the
 * plain echo back, byte for byte.
 */
export async function verifyCallbackUrl(t: VerifyTarget): Promise<VerifyResult> {
  const expected = String(randomBytes(8).readBigUInt64BE() % 10_000_000_000_000_000_000n);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = newNonce();
  const echostr = encrypt(t.aesKey, expected, t.corpId);
  const signature = getSignature(t.token, timestamp, nonce, echostr);
  const url = withQuery(t.url, { msg_signature: signature, timestamp, nonce, echostr });
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(t.timeoutMs ?? 5000) });
    const received = await res.text();
    return {
      ok: res.status === 200 && received === expected,
      url: t.url,
      expected,
      httpStatus: res.status,
      received,
    };
  } catch (err) {
    return { ok: false, url: t.url, expected, error: err instanceof Error ? err.message : String(err) };
  }
}
