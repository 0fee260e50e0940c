import type { WeComClient } from '@keeper/bot';
import { Permission } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import type { Logger } from '../../logger';
import type { Recipients } from '../users/recipients';
import type { CampaignsRepository } from './campaigns.repository';

/**
 * Asks the managers who may approve a campaign, in WeCom through Keeper's app, to look at it: a card that opens
 * the campaign in the console, where 批准 / 驳回 are. Approvers are those whose departments cover the campaign's.
 */
export function notifyApprovalsThroughBot(deps: {
  domainEvents: DomainEvents;
  repository: CampaignsRepository;
  recipients: Recipients;
  agent: WeComClient | undefined;
  publicUrl: string;
  logger: Logger;
}): () => void {
  const { agent } = deps;
  if (!agent) return () => undefined;
  return deps.domainEvents.on('broadcast.approval_requested', ({ campaignId }) => {
    void (async () => {
      const campaign = await deps.repository.find(Number(campaignId));
      if (!campaign) return;
      const approvers = (
        await deps.recipients.coveringDepartments([Permission.BroadcastsApprove], campaign.scopeDepartments)
      ).flatMap((recipient) =>
        recipient.wecomUserId && recipient.user.username !== campaign.createdBy
          ? [recipient.wecomUserId]
          : [],
      );
      if (approvers.length === 0) return;
      await agent.sendMessage({
        touser: [...new Set(approvers)].join('|'),
        msgtype: 'textcard',
        textcard: {
          title: '群发待审批',
          description: `${campaign.createdBy} 提交了群发「${campaign.name}」，等待你审批。`,
          url: `${deps.publicUrl}/marketing/campaigns/${campaign.id}`,
          btntxt: '去审批',
        },
        enable_duplicate_check: 1,
        duplicate_check_interval: 600,
      });
    })().catch((error: unknown) => deps.logger.warn({ err: error }, 'approval bot message failed'));
  });
}
