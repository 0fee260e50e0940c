import type { ConversationKind } from '@keeper/shared';
import { In, type EntityManager } from 'typeorm';
import { ArchiveConversationEntity, ArchiveMessageEntity } from './archive.entity';
import type { ChatMatcher, ChatViolations, MessageForRules, RecordedViolation } from './chat-audit';

/**
 * Judges archived messages by the rules and keeps the archive's violation counters (per message, per
 * conversation) in step with what was recorded, in the caller's transaction. Used by the page ingest and by
 * re-scans alike.
 */
export async function applyRules(
  manager: EntityManager,
  matcher: ChatMatcher,
  violations: Pick<ChatViolations, 'record'>,
  messages: readonly MessageForRules[],
): Promise<RecordedViolation[]> {
  const recorded = await violations.record(manager, matcher, messages);
  for (const [messageId, count] of countBy(recorded, (violation) => violation.messageId)) {
    await manager.increment(ArchiveMessageEntity, { id: messageId }, 'violationCount', count);
  }
  for (const [conversationId, count] of countBy(recorded, (violation) => violation.conversationId)) {
    await manager.increment(ArchiveConversationEntity, { id: conversationId }, 'violationCount', count);
  }
  return recorded;
}

/** The fields of a stored message that the rules read. */
export type StoredMessage = Pick<
  ArchiveMessageEntity,
  'conversationId' | 'senderId' | 'action' | 'msgtype' | 'searchText' | 'msgtime'
>;

/** A stored message as the rules judge it, given the kinds of the conversations and the senders' departments. */
export function forRules(
  messageId: string,
  message: StoredMessage,
  kindOf: ReadonlyMap<string, ConversationKind>,
  departmentsOf: ReadonlyMap<string, string[]>,
): MessageForRules {
  return {
    messageId,
    conversationId: String(message.conversationId),
    conversationKind: kindOf.get(String(message.conversationId)) ?? null,
    senderId: message.senderId,
    senderDepartments: departmentsOf.get(message.senderId) ?? null,
    action: message.action,
    msgtype: message.msgtype,
    text: message.searchText,
    msgtime: message.msgtime,
  };
}

/** The kind of each conversation: those already `known`, and the `others` read from the database. */
export async function conversationKinds(
  manager: EntityManager,
  known: [string, ConversationKind][],
  others: string[],
): Promise<Map<string, ConversationKind>> {
  const kinds = new Map(known);
  const missing = [...new Set(others)].filter((id) => !kinds.has(id));
  if (missing.length) {
    const rows = await manager.find(ArchiveConversationEntity, {
      select: { id: true, kind: true },
      where: { id: In(missing) },
    });
    for (const row of rows) kinds.set(String(row.id), row.kind);
  }
  return kinds;
}

/** The corp members among `people`, each with the departments it belongs to (what rule scopes need). */
export async function membersAmong(
  manager: EntityManager,
  people: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const departmentsOf = new Map<string, string[]>();
  if (people.size === 0) return departmentsOf;
  const rows = (await manager.query(
    `SELECT m.userid AS userId, d.department_id AS departmentId FROM members m
       LEFT JOIN member_departments d ON d.userid = m.userid
      WHERE m.userid IN (${[...people].map(() => '?').join(',')})`,
    [...people],
  )) as { userId: string; departmentId: string | null }[];
  for (const row of rows) {
    const departments = departmentsOf.get(row.userId) ?? [];
    if (row.departmentId !== null) departments.push(row.departmentId);
    departmentsOf.set(row.userId, departments);
  }
  return departmentsOf;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
