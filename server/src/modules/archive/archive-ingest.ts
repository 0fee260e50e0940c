import type { NormalizedArchiveMessage } from '@keeper/bot';
import { In, type EntityManager } from 'typeorm';
import { insertRows } from '../../db/bulk-insert';
import { dialectOf, rawDateTime } from '../../db/sql';
import { ArchiveConversationEntity, ArchiveMessageEntity, ArchiveStateEntity } from './archive.entity';
import type { ChatMatcher, ChatViolations } from './chat-audit';
import { conversationOf, type ConversationRef } from './conversation-key';
import { applyRules, conversationKinds, forRules, membersAmong } from './rule-hits';

export const ARCHIVE_STATE = 'main';
/** Switch logs (a member changing corp) belong to no conversation. */
const NO_CONVERSATION = 0;
const SEARCH_TEXT_LENGTH = 1000;
const PREVIEW_LENGTH = 60;

export interface IngestResult {
  inserted: number;
  duplicates: number;
  /** Conversations that got new messages (a recall counts for its original's conversation). */
  conversationIds: string[];
  violations: { id: string; memberId: string }[];
}

/**
 * Writes one decrypted page in the caller's transaction: messages (duplicates by msgid ignored), their
 * contents, conversations and counters, recalls, rule hits, and the checkpoint — all or nothing, so a crash
 * anywhere resumes from the last committed page with no gap and no duplicate.
 */
export async function ingestPage(
  manager: EntityManager,
  page: readonly NormalizedArchiveMessage[],
  matcher: ChatMatcher,
  checkpointSeq: string,
  violationLog: Pick<ChatViolations, 'record'>,
): Promise<IngestResult> {
  const result: IngestResult = { inserted: 0, duplicates: 0, conversationIds: [], violations: [] };
  if (page.length > 0) {
    const existing = await alreadyArchived(manager, page);
    const fresh = page.filter((message) => !existing.has(message.msgid));
    result.duplicates = page.length - fresh.length;
    if (fresh.length > 0) await insertFresh(manager, fresh, matcher, violationLog, result);
  }
  await manager.update(
    ArchiveStateEntity,
    { name: ARCHIVE_STATE },
    {
      checkpointSeq,
      lastPullAt: new Date(),
      lastPulled: page.length,
      lastError: null,
      lastErrorCode: null,
      lastErrorParams: null,
      // WeCom's news arrived: the msgaudit_notify callbacks so far are answered.
      unansweredNotifies: 0,
      notifiedSince: null,
    },
  );
  return result;
}

async function insertFresh(
  manager: EntityManager,
  fresh: NormalizedArchiveMessage[],
  matcher: ChatMatcher,
  violationLog: Pick<ChatViolations, 'record'>,
  result: IngestResult,
): Promise<void> {
  const departmentsOf = await membersAmong(
    manager,
    new Set(fresh.flatMap((message) => [message.from, ...message.tolist])),
  );
  const isMember = (id: string) => departmentsOf.has(id);

  // Recalled originals may be in this page or archived before.
  const recalled = fresh.filter((message) => message.recallOf).map((message) => message.recallOf!);
  const originals = new Map(
    (recalled.length ? await manager.find(ArchiveMessageEntity, { where: { msgid: In(recalled) } }) : []).map(
      (row) => [row.msgid, row],
    ),
  );

  const refs = new Map<string, ConversationRef>();
  const refOf = (message: NormalizedArchiveMessage): ConversationRef | null => {
    if (message.action === 'switch') return null;
    const ref = conversationOf(message, isMember);
    refs.set(ref.key, ref);
    return ref;
  };
  const messageRefs = fresh.map(refOf);
  const conversationIds = await ensureConversations(manager, [...refs.values()]);
  const kindOf = await conversationKinds(
    manager,
    [...refs.values()].map((ref) => [conversationIds.get(ref.key)!, ref.kind]),
    [...originals.values()].map((original) => String(original.conversationId)),
  );

  const rows = fresh.map((message, index) => {
    const original = message.recallOf ? originals.get(message.recallOf) : undefined;
    const ref = messageRefs[index];
    return {
      msgid: message.msgid,
      seq: message.seq,
      conversationId: original
        ? original.conversationId
        : ref
          ? conversationIds.get(ref.key)!
          : NO_CONVERSATION,
      senderId: message.from,
      action: message.action,
      msgtype: message.msgtype,
      msgtime: message.msgtime,
      searchText: message.searchText.toLowerCase().slice(0, SEARCH_TEXT_LENGTH),
      recalledAt: null,
      recallOf: message.recallOf,
      violationCount: 0,
    };
  });
  const messageIds = await insertRows(
    manager,
    'archive_messages',
    MESSAGE_COLUMNS,
    rows.map((row) => [
      row.msgid,
      row.seq,
      row.conversationId,
      row.senderId,
      row.action,
      row.msgtype,
      row.msgtime,
      row.searchText,
      row.recallOf,
    ]),
  );
  result.inserted = rows.length;
  result.conversationIds = [
    ...new Set(rows.map((row) => String(row.conversationId)).filter((id) => id !== String(NO_CONVERSATION))),
  ];

  await insertRows(
    manager,
    'archive_message_contents',
    ['message_id', 'content'],
    fresh.map((message, index) => [messageIds[index], message.source]),
  );

  // A recall marks the original as recalled and keeps its content.
  for (const message of fresh.filter((each) => each.action === 'recall' && each.recallOf)) {
    await manager.update(ArchiveMessageEntity, { msgid: message.recallOf! }, { recalledAt: message.msgtime });
  }

  result.violations = await applyRules(
    manager,
    matcher,
    violationLog,
    rows.map((row, index) => forRules(messageIds[index]!, row, kindOf, departmentsOf)),
  );

  await updateConversationCounters(manager, rows);
}

/**
 * Adds a page's messages to each conversation's counter and moves its last message forward, in one statement
 * per page: a conversation per row would be thousands of round trips on a busy page.
 */
async function updateConversationCounters(
  manager: EntityManager,
  rows: { conversationId: string | number; msgtime: Date; msgtype: string; searchText: string }[],
): Promise<void> {
  const touched = [...groupBy(rows, (row) => String(row.conversationId))].filter(
    ([id]) => id !== String(NO_CONVERSATION),
  );
  if (touched.length === 0) return;
  const params: unknown[] = [];
  const cases = (value: (id: string, inConversation: typeof rows) => string) =>
    `CASE id ${touched.map(([id, inConversation]) => `WHEN ${id} THEN ${value(id, inConversation)}`).join(' ')} END`;
  const bind = (value: unknown) => {
    params.push(value);
    return '?';
  };
  const lastOf = (inConversation: typeof rows) =>
    inConversation.reduce((a, b) => (a.msgtime >= b.msgtime ? a : b));
  // last_preview and last_msgtype are assigned before last_message_at: MySQL evaluates assignments left to right.
  const sql = `UPDATE archive_conversations SET
    message_count = message_count + ${cases((_id, inConversation) => String(inConversation.length))},
    last_preview = ${cases((_id, inConversation) => {
      const last = lastOf(inConversation);
      return `CASE WHEN last_message_at IS NULL OR last_message_at <= ${bind(last.msgtime)} THEN ${bind(previewOf(last.msgtype, last.searchText))} ELSE last_preview END`;
    })},
    last_msgtype = ${cases((_id, inConversation) => {
      const last = lastOf(inConversation);
      return `CASE WHEN last_message_at IS NULL OR last_message_at <= ${bind(last.msgtime)} THEN ${bind(last.msgtype)} ELSE last_msgtype END`;
    })},
    last_message_at = ${cases((_id, inConversation) => {
      const last = lastOf(inConversation);
      return `CASE WHEN last_message_at IS NULL OR last_message_at <= ${bind(last.msgtime)} THEN ${bind(last.msgtime)} ELSE last_message_at END`;
    })}
    WHERE id IN (${touched.map(([id]) => id).join(',')})`;
  await manager.query(
    sql,
    params.map((value) =>
      value instanceof Date ? rawDateTime(dialectOf(manager.connection), value) : value,
    ),
  );
}

const MESSAGE_COLUMNS = [
  'msgid',
  'seq',
  'conversation_id',
  'sender_id',
  'action',
  'msgtype',
  'msgtime',
  'search_text',
  'recall_of',
];

/**
 * Which messages of a page are archived already. Seqs only grow, so only messages at or below the highest
 * archived seq can be repeats (a page served again): usually none, and then no lookup by msgid is needed.
 */
async function alreadyArchived(
  manager: EntityManager,
  page: readonly NormalizedArchiveMessage[],
): Promise<Set<string>> {
  const [row] = (await manager.query('SELECT MAX(seq) AS top FROM archive_messages')) as {
    top: string | number | null;
  }[];
  const top = row?.top === null || row?.top === undefined ? -1n : BigInt(row.top);
  const candidates = page.filter((message) => BigInt(message.seq) <= top);
  if (candidates.length === 0) return new Set();
  const rows = await manager.find(ArchiveMessageEntity, {
    select: { msgid: true },
    where: { msgid: In(candidates.map((message) => message.msgid)) },
  });
  return new Set(rows.map((each) => each.msgid));
}

/** Finds or creates the conversations of a page; returns their ids by key. */
async function ensureConversations(
  manager: EntityManager,
  refs: ConversationRef[],
): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const keys = refs.map((ref) => ref.key);
  const found = await manager.find(ArchiveConversationEntity, {
    select: { id: true, conversationKey: true },
    where: { conversationKey: In(keys) },
  });
  const known = new Set(found.map((row) => row.conversationKey));
  const missing = refs.filter((ref) => !known.has(ref.key));
  if (missing.length) {
    await manager.insert(
      ArchiveConversationEntity,
      missing.map((ref) => ({
        conversationKey: ref.key,
        kind: ref.kind,
        memberId: ref.memberId,
        customerId: ref.customerId,
        roomId: ref.roomId,
        messageCount: 0,
        violationCount: 0,
      })),
    );
  }
  const all = missing.length
    ? await manager.find(ArchiveConversationEntity, {
        select: { id: true, conversationKey: true },
        where: { conversationKey: In(keys) },
      })
    : found;
  return new Map(all.map((row) => [row.conversationKey, String(row.id)]));
}

function previewOf(msgtype: string, text: string): string {
  return text ? text.slice(0, PREVIEW_LENGTH) : `[${msgtype}]`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    group.push(item);
    groups.set(key(item), group);
  }
  return groups;
}
