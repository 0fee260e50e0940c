import type { ArchivedMessage } from '@keeper/shared';
import { formatDateTime } from '@/utils/datetime';

/** A violation as a message carries it (the rule's name, severity and where it stands). */
export type MessageViolation = ArchivedMessage['violations'][number];

/** A message type's own fields, as WeCom sent them (protocol §7.3). */
export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where WeCom puts a type's fields when the key is not the type's own name. */
const FIELD_KEY: Record<string, string> = {
  docmsg: 'doc',
  markdown: 'info',
  news: 'info',
  external_redpacket: 'redpacket',
};

/**
 * The fields of one type. `content` may hold them directly (`{content: 'hi'}`) or under the type's key as in
 * the decrypted JSON (`{text: {content: 'hi'}}`); both are read, so the view does not depend on which.
 */
export function fieldsOf(msgtype: string, content: Fields | null | undefined): Fields {
  if (!content) return {};
  for (const key of [FIELD_KEY[msgtype], msgtype]) {
    const inner = key ? content[key] : undefined;
    if (isRecord(inner)) return inner;
  }
  return content;
}

export function text(fields: Fields, key: string): string {
  const value = fields[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

export function num(fields: Fields, key: string): number | null {
  const value = fields[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

/** Red packet amounts come in fen. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

export function fileSize(bytes: number | null): string {
  if (bytes === null || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** WeCom's meeting and calendar times are Unix seconds; message times elsewhere are milliseconds. */
export function formatUnix(value: number | null): string {
  if (value === null) return '—';
  return formatDateTime(value < 1e12 ? value * 1000 : value, 'YYYY-MM-DD HH:mm');
}

export interface NestedItem {
  type: string;
  fields: Fields;
  msgtime: number | null;
}

/**
 * The items of a chat record or a mixed message. Their `content` is a JSON string; chat-record types are named
 * like `ChatRecordText`, which is read as `text`.
 */
export function nestedItems(fields: Fields): NestedItem[] {
  const list = fields.item;
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((item) => {
    const rawType = typeof item.type === 'string' ? item.type : 'unknown';
    const type = rawType.replace(/^chatrecord/i, '').toLowerCase() || 'unknown';
    let content: unknown = item.content;
    if (typeof content === 'string') {
      try {
        content = JSON.parse(content) as unknown;
      } catch {
        content = { content };
      }
    }
    return { type, fields: fieldsOf(type, isRecord(content) ? content : {}), msgtime: num(item, 'msgtime') };
  });
}

/** Types drawn as a centred system line rather than a bubble. */
export function isSystemLine(message: ArchivedMessage): boolean {
  return (
    message.action === 'switch' ||
    message.msgtype === 'revoke' ||
    message.msgtype === 'agree' ||
    message.msgtype === 'disagree'
  );
}

/** Pretty JSON of a message WeCom sent in a type the console does not know: text, never markup. */
export function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}
