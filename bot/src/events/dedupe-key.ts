import { createHash } from 'node:crypto';
import type { WeComCallbackEvent } from './event-types';

/**
 * The inbox's unique key for a callback (protocol.md §2.4). WeCom redelivers the same content up to three times.
 *
 * - Messages: `msg:<MsgId>` — MsgId is unique per message.
 * - Events: `evt:<CreateTime>:<hash>` where the hash covers every field of the event (sender, type, ChangeType,
 *   UserID, ExternalUserID, ChatId, Id, UpdateDetail, member lists, … and the raw XML for unknown callbacks).
 *   FromUserName + CreateTime alone would merge distinct events of the same second (a member adding two customers
 *   is `sys` + the same CreateTime twice); hashing all fields keeps them apart while a redelivery, which carries
 *   identical content, still maps to the same key. The hash keeps the key short enough for a unique index.
 */
export function dedupeKey(event: WeComCallbackEvent): string {
  if (event.type === 'message.text') return `msg:${event.msgId}`;
  if (event.type === 'unknown' && event.msgId !== undefined && event.msgType !== 'event') {
    return `msg:${event.msgId}`;
  }
  const createTime = event.createTime ?? 0;
  const digest = createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 32);
  return `evt:${createTime}:${digest}`;
}

/** JSON with object keys sorted and undefined members dropped, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${entries.join(',')}}`;
}
