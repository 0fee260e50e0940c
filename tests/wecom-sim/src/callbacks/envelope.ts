import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { buildXml } from './xml.js';

export interface SealOptions {
  token: string;
  aesKey: string;
  corpId: string;
  agentId: number;
  timestamp?: number;
  nonce?: string;
}

export interface SealedCallback {
  body: string;
  query: { msg_signature: string; timestamp: string; nonce: string };
}

export function newNonce(): string {
  return String(randomBytes(4).readUInt32BE(0));
}

/** Encrypts the event with receiveid = corpid and signs it, giving the POST body and query WeCom sends. */
export function sealCallback(innerXml: string, o: SealOptions): SealedCallback {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? newNonce();
  const cipher = encrypt(o.aesKey, innerXml, o.corpId);
  const signature = getSignature(o.token, timestamp, nonce, cipher);
  const body = buildXml([
    ['ToUserName', o.corpId],
    ['AgentID', String(o.agentId)],
    ['Encrypt', cipher],
  ]);
  return { body, query: { msg_signature: signature, timestamp, nonce } };
}

export function withQuery(url: string, query: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}
