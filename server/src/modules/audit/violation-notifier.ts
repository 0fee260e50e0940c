import type { WeComClient } from '@keeper/bot';
import { Permission } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import type { Logger } from '../../logger';
import type { Recipients } from '../users/recipients';
import type { ViolationsService } from './violations.service';

const SEVERITY_WORDS = { high: '高', medium: '中', low: '低' } as const;

/**
 * Tells the managers in scope about a new violation as a WeCom app message from Keeper's bot, with a link
 * to the message in the console. Live console notices go through socket.io separately.
 */
export function notifyViolationsThroughBot(deps: {
  domainEvents: DomainEvents;
  violations: ViolationsService;
  recipients: Recipients;
  agent: WeComClient | undefined;
  publicUrl: string;
  logger: Logger;
}): void {
  const { agent } = deps;
  if (!agent) return;
  deps.domainEvents.on('violation.created', ({ violationId, memberId }) => {
    void (async () => {
      const violation = await deps.violations.get(violationId, { scope: { all: true, departmentIds: [] } });
      if (!violation || violation.severity === 'low') return;
      const recipients = (await deps.recipients.covering(Permission.ViolationsHandle, memberId))
        .map((recipient) => recipient.wecomUserId)
        .filter((id): id is string => Boolean(id));
      if (recipients.length === 0) return;
      const customer = violation.customer ? `与客户「${violation.customer.name}」` : '';
      await agent.sendMessage({
        touser: [...new Set(recipients)].join('|'),
        msgtype: 'textcard',
        textcard: {
          title: `【违规提醒】${violation.ruleName}`,
          description: `<div class="gray">风险等级：${SEVERITY_WORDS[violation.severity]}</div><div class="normal">员工「${violation.member.name}」${customer}的会话触发「${violation.ruleName}」：${violation.matched.join('、')}</div>`,
          url: `${deps.publicUrl}/audit/conversations/${violation.conversationId}?message=${violation.messageId}`,
          btntxt: '查看',
        },
        enable_duplicate_check: 1,
        duplicate_check_interval: 600,
      });
    })().catch((error: unknown) =>
      deps.logger.warn({ err: error, violationId }, 'violation bot message failed'),
    );
  });
}
