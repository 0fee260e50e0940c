import { ArchiveFormatError } from './archive-errors.js';
import type { ArchiveAction, NormalizedArchiveMessage } from './archive-message.js';
import { searchTextOf } from './search-text.js';

type Json = Record<string, unknown>;

/** Where a msgtype keeps its object when the key is not the msgtype itself (protocol.md §7.3). */
const CONTENT_KEY: Readonly<Record<string, string>> = {
  markdown: 'info',
  news: 'info',
  docmsg: 'doc',
  external_redpacket: 'redpacket',
};

/** The msgtypes of §7.3 with a documented shape; anything else keeps its raw JSON. */
const KNOWN_TYPES = new Set([
  'text',
  'image',
  'revoke',
  'agree',
  'disagree',
  'voice',
  'video',
  'card',
  'location',
  'emotion',
  'file',
  'link',
  'weapp',
  'chatrecord',
  'todo',
  'redpacket',
  'external_redpacket',
  'meeting',
  'docmsg',
  'markdown',
  'news',
  'calendar',
  'mixed',
]);

const SIZE_FIELDS = ['filesize', 'voice_size', 'imagesize'];

function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function requireString(json: Json, field: string): string {
  const value = json[field];
  if (typeof value !== 'string' || value === '') throw new ArchiveFormatError(`message without ${field}`);
  return value;
}

function requireTime(value: unknown, field: string): Date {
  const ms = typeof value === 'string' ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    throw new ArchiveFormatError(`message without ${field}`);
  return new Date(ms);
}

function media(content: Json | null): Pick<NormalizedArchiveMessage, 'sdkFileId' | 'md5' | 'fileSize'> {
  const sdkFileId =
    typeof content?.sdkfileid === 'string' && content.sdkfileid !== '' ? content.sdkfileid : null;
  if (!content || !sdkFileId) return { sdkFileId: null, md5: null, fileSize: null };
  const size = SIZE_FIELDS.map((f) => content[f]).find((v) => typeof v === 'number');
  return {
    sdkFileId,
    md5: typeof content.md5sum === 'string' ? content.md5sum : null,
    fileSize: typeof size === 'number' ? size : null,
  };
}

function switchLog(seq: string, json: Json, source: string): NormalizedArchiveMessage {
  return {
    msgid: requireString(json, 'msgid'),
    seq,
    action: 'switch',
    from: requireString(json, 'user'),
    tolist: [],
    roomid: null,
    msgtime: requireTime(json.time, 'time'),
    msgtype: 'switch',
    searchText: '',
    recallOf: null,
    sdkFileId: null,
    md5: null,
    fileSize: null,
    content: null,
    raw: null,
    source,
  };
}

/**
 * A decrypted archive message (the JSON DecryptData returns, parsed, and its text) → the shape Keeper stores and
 * indexes. Throws ArchiveFormatError, naming the missing field and never quoting content, when the common fields
 * are absent.
 */
export function normalizeArchiveMessage(seq: string, json: Json, source: string): NormalizedArchiveMessage {
  if (json.action === 'switch') return switchLog(seq, json, source);
  const action = json.action;
  if (action !== 'send' && action !== 'recall')
    throw new ArchiveFormatError('message with an unknown action');
  const msgtype = requireString(json, 'msgtype');
  const content = obj(json[CONTENT_KEY[msgtype] ?? msgtype]);
  const known = KNOWN_TYPES.has(msgtype);
  return {
    msgid: requireString(json, 'msgid'),
    seq,
    action: action satisfies ArchiveAction,
    from: requireString(json, 'from'),
    tolist: Array.isArray(json.tolist) ? json.tolist.filter((t): t is string => typeof t === 'string') : [],
    roomid: typeof json.roomid === 'string' && json.roomid !== '' ? json.roomid : null,
    msgtime: requireTime(json.msgtime, 'msgtime'),
    msgtype,
    searchText: content ? searchTextOf(msgtype, content) : '',
    recallOf: msgtype === 'revoke' && typeof content?.pre_msgid === 'string' ? content.pre_msgid : null,
    ...media(content),
    content,
    raw: known ? null : json,
    source,
  };
}
