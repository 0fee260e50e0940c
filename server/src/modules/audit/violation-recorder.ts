import { ConversationKind, ViolationStatus } from '@keeper/shared';
import { In, type EntityManager } from 'typeorm';
import type { ChatMatcher, MessageForRules, RecordedViolation } from '../archive/chat-audit';
import { ViolationEntity } from './audit.entity';

/**
 * A chat with a customer, for the rules that only concern customers (red packets, after hours): a one-to-one
 * chat with someone outside the corp, or a customer group. A chat between two members is internal.
 */
export function involvesCustomer(kind: ConversationKind | null): boolean {
  return kind === ConversationKind.Single || kind === ConversationKind.Group;
}

/**
 * Runs the rules over archived messages and records each new (rule, message) hit once, in the caller's
 * transaction: the archive page that brings the messages in and a re-scan of old ones both come here, so a
 * message is judged the same way whichever found it, and a hit already recorded is never recorded again.
 */
export async function recordViolations(
  manager: EntityManager,
  matcher: ChatMatcher,
  messages: readonly MessageForRules[],
): Promise<RecordedViolation[]> {
  const hits = messages.flatMap((message) =>
    message.senderDepartments === null
      ? []
      : matcher
          .match({
            action: message.action,
            msgtype: message.msgtype,
            text: message.text,
            msgtime: message.msgtime,
            senderIsMember: true,
            senderDepartments: message.senderDepartments,
            withCustomer: involvesCustomer(message.conversationKind),
          })
          .map((hit) => ({ message, hit })),
  );
  if (hits.length === 0) return [];
  const existing = await manager.find(ViolationEntity, {
    select: { ruleId: true, messageId: true },
    where: { messageId: In([...new Set(hits.map(({ message }) => message.messageId))]) },
  });
  const recorded = new Set(existing.map((row) => `${row.ruleId}:${String(row.messageId)}`));
  const rows = hits
    .filter(({ message, hit }) => !recorded.has(`${hit.ruleId}:${message.messageId}`))
    .map(({ message, hit }) => ({
      ruleId: hit.ruleId,
      messageId: message.messageId,
      conversationId: message.conversationId,
      memberId: message.senderId,
      severity: matcher.severityOf(hit.ruleId),
      matched: hit.matched.join(',').slice(0, 500),
      excerpt: hit.excerpt,
      status: ViolationStatus.New,
      occurredAt: message.msgtime,
    }));
  if (rows.length === 0) return [];
  const { identifiers } = await manager.insert(ViolationEntity, rows);
  return rows.map((row, index) => ({
    id: String(identifiers[index]!.id),
    ruleId: row.ruleId,
    messageId: row.messageId,
    conversationId: row.conversationId,
    memberId: row.memberId,
  }));
}
