import { WeComError, type AppMessage, type WeComClient } from '@keeper/bot';
import { RecipientState, type StaffMessage } from '@keeper/shared';
import { In, MoreThan, type DataSource } from 'typeorm';
import { insertRows } from '../../db/bulk-insert';
import type { Logger } from '../../logger';
import { AppMessageLogEntity, TaskEntity, type CampaignEntity } from './broadcast.entity';
import { MEMBERS_PER_NOTICE } from './campaign-audience';
import type { CampaignsRepository } from './campaigns.repository';
import { isRetryLater, mayHaveActed } from './wecom-codes';

/** WeCom's limits on app messages to one member (protocol: message/send). */
const PER_MINUTE = 30;
const PER_HOUR = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/**
 * WeCom's duplicate check drops a second identical message to the same member within this window (its maximum,
 * four hours): a batch whose answer was lost can go again without anyone getting it twice.
 */
const DUPLICATE_WINDOW_S = 4 * 3600;

/**
 * Internal notices to staff through Keeper's app (message/send): text, text cards or markdown, up to 1,000 members
 * a call, never past WeCom's 30 a minute and 1,000 an hour per member — members at their limit wait for the next
 * window instead of being refused.
 */
export class StaffNotices {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      repository: CampaignsRepository;
      agent: WeComClient | undefined;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  /** Sends what the budget allows; true when nothing of the campaign is left to send. */
  async send(campaign: CampaignEntity): Promise<boolean> {
    const agent = this.deps.agent;
    if (!agent || !campaign.staffMessage) return false;
    for (;;) {
      const queued = await this.deps.repository.queued(campaign.id, null, MEMBERS_PER_NOTICE * 5);
      if (queued.length === 0) return true;
      const allowed = await this.withinBudget(queued.map((recipient) => recipient.targetId));
      const batch = queued
        .filter((recipient) => allowed.has(recipient.targetId))
        .slice(0, MEMBERS_PER_NOTICE);
      if (batch.length === 0) return false;
      const task = await this.deps.repository.openTask(campaign.id, null, batch, this.deps.now());
      const members = batch.map((recipient) => recipient.targetId);
      try {
        const reply = await agent.sendMessage({
          ...appMessage(campaign.staffMessage),
          touser: members.join('|'),
          enable_duplicate_check: 1,
          duplicate_check_interval: DUPLICATE_WINDOW_S,
        });
        await this.commit(task, members, reply.msgid, splitIds(reply.invaliduser));
      } catch (error) {
        if (error instanceof WeComError && !isRetryLater(error)) {
          this.deps.logger.warn({ err: error, taskId: task.id }, 'staff notice refused by WeCom');
          await this.commit(task, members, null, members);
          continue;
        }
        if (mayHaveActed(error))
          this.deps.logger.warn({ err: error, taskId: task.id }, 'staff notice answer lost; it goes again');
        // Sent again with the duplicate check on: members who got it are not sent it twice.
        await this.deps.repository.reopenTask(task.id);
        return false;
      }
    }
  }

  private async commit(task: TaskEntity, members: string[], msgid: string | null, invalid: string[]) {
    const refused = new Set(invalid);
    const now = this.deps.now();
    const delivered = members.filter((member) => !refused.has(member));
    await this.deps.repository.transaction(async (manager) => {
      await manager.update(TaskEntity, task.id, {
        status: msgid ? 'submitted' : 'empty',
        msgid,
        failCount: refused.size,
        failListKnown: true,
        confirmedAt: now,
      });
      await this.deps.repository.setStates(manager, task.id, [...refused], { state: RecipientState.Failed });
      await this.deps.repository.setStates(manager, task.id, delivered, {
        state: RecipientState.Sent,
        sentAt: now,
      });
      await insertRows(
        manager,
        'app_message_log',
        ['userid', 'sent_at'],
        delivered.map((member) => [member, now]),
      );
    });
  }

  /** The members who may be sent one more app message now. */
  private async withinBudget(members: string[]): Promise<Set<string>> {
    const now = this.deps.now().getTime();
    const log = await this.deps.dataSource.getRepository(AppMessageLogEntity).find({
      select: { userId: true, sentAt: true },
      where: { userId: In(members), sentAt: MoreThan(new Date(now - HOUR_MS)) },
    });
    const lastMinute = new Map<string, number>();
    const lastHour = new Map<string, number>();
    for (const entry of log) {
      lastHour.set(entry.userId, (lastHour.get(entry.userId) ?? 0) + 1);
      if (entry.sentAt.getTime() > now - MINUTE_MS)
        lastMinute.set(entry.userId, (lastMinute.get(entry.userId) ?? 0) + 1);
    }
    return new Set(
      members.filter(
        (member) => (lastMinute.get(member) ?? 0) < PER_MINUTE && (lastHour.get(member) ?? 0) < PER_HOUR,
      ),
    );
  }
}

function appMessage(message: StaffMessage): AppMessage {
  if (message.msgtype === 'textcard') {
    const { title, description, url, btntxt } = message;
    return { msgtype: 'textcard', textcard: { title, description, url, ...(btntxt ? { btntxt } : {}) } };
  }
  if (message.msgtype === 'markdown') return { msgtype: 'markdown', markdown: { content: message.content } };
  return { msgtype: 'text', text: { content: message.content } };
}

function splitIds(list: string | undefined): string[] {
  return list ? list.split('|').filter(Boolean) : [];
}
