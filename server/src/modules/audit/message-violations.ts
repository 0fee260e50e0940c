import { In, type DataSource, type EntityManager } from 'typeorm';
import type { ChatMatcher, ChatViolations, MessageForRules } from '../archive/chat-audit';
import { AuditRuleEntity, ViolationEntity } from './audit.entity';
import { recordViolations } from './violation-recorder';

/** Violations as the archive records them at ingest and shows them beside their messages. */
export class MessageViolations implements ChatViolations {
  constructor(private readonly dataSource: DataSource) {}

  record(manager: EntityManager, matcher: ChatMatcher, messages: readonly MessageForRules[]) {
    return recordViolations(manager, matcher, messages);
  }

  async ofMessages(messageIds: string[]) {
    if (messageIds.length === 0) return [];
    const violations = await this.dataSource
      .getRepository(ViolationEntity)
      .findBy({ messageId: In(messageIds) });
    const ruleNames = violations.length
      ? new Map(
          (
            await this.dataSource
              .getRepository(AuditRuleEntity)
              .findBy({ id: In([...new Set(violations.map((v) => v.ruleId))]) })
          ).map((rule) => [rule.id, rule.name]),
        )
      : new Map<number, string>();
    return violations.map((violation) => ({
      id: String(violation.id),
      messageId: String(violation.messageId),
      ruleName: ruleNames.get(violation.ruleId) ?? String(violation.ruleId),
      severity: violation.severity,
      status: violation.status,
    }));
  }
}
