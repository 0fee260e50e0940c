import { WeComError, type WeComClient } from '@keeper/bot';
import { CampaignStatus, ErrorCode, type RemindResult } from '@keeper/shared';
import { AppError } from '../../http/app-error';
import type { Logger } from '../../logger';
import { ReminderEntity, type CampaignEntity, type TaskEntity } from './broadcast.entity';
import type { CampaignsRepository } from './campaigns.repository';
import { REMINDER_LIMIT } from './wecom-codes';

/** WeCom allows three reminders per task in 24 hours (remind_groupmsg_send). */
const WECOM_REMINDERS_PER_DAY = 3;
const DAY_MS = 86_400_000;

/**
 * Reminders to senders who have not sent: WeCom's own (remind_groupmsg_send, three per task a day, counted here
 * so the console can say how many remain) or a card from Keeper's app. Senders who sent are never reminded.
 */
export class Reminders {
  constructor(
    private readonly deps: {
      repository: CampaignsRepository;
      client: WeComClient | undefined;
      agent: WeComClient | undefined;
      publicUrl: string;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  async remind(campaign: CampaignEntity, via: 'wecom' | 'bot', by: string): Promise<RemindResult> {
    const unsent = await this.unsentTasks(campaign);
    if (unsent.length === 0) return { reminded: 0, remindersLeft: 0 };
    const reminded =
      via === 'wecom' ? await this.throughWeCom(unsent, by) : await this.throughBot(campaign, unsent, by);
    return { reminded, remindersLeft: await this.left(campaign) };
  }

  /**
   * Reminders WeCom still allows now: the fewest left over the tasks not yet sent (0 when none waits). The
   * caller may pass the campaign's tasks it has read already.
   */
  async left(campaign: CampaignEntity, tasks?: TaskEntity[]): Promise<number> {
    if (campaign.status !== CampaignStatus.Running && campaign.status !== CampaignStatus.Submitting) return 0;
    const unsent = tasks ? tasks.filter(isUnsent) : await this.unsentTasks(campaign);
    if (unsent.length === 0) return 0;
    const used = await this.deps.repository.wecomRemindersSince(
      unsent.map((task) => task.id),
      new Date(this.deps.now().getTime() - DAY_MS),
    );
    return Math.max(0, Math.min(...unsent.map((task) => WECOM_REMINDERS_PER_DAY - (used.get(task.id) ?? 0))));
  }

  private async throughWeCom(tasks: TaskEntity[], by: string): Promise<number> {
    const client = this.deps.client;
    if (!client) throw new AppError(ErrorCode.NotConfigured, 'WeCom is not connected');
    const used = await this.deps.repository.wecomRemindersSince(
      tasks.map((task) => task.id),
      new Date(this.deps.now().getTime() - DAY_MS),
    );
    const senders = new Set<string>();
    let exhausted = 0;
    for (const task of tasks) {
      if ((used.get(task.id) ?? 0) >= WECOM_REMINDERS_PER_DAY) {
        exhausted += 1;
        continue;
      }
      try {
        await client.remindGroupMessage(task.msgid!);
      } catch (error) {
        if (!(error instanceof WeComError && error.code === REMINDER_LIMIT)) throw error;
        // WeCom counted reminders Keeper did not see (another tool, a lost answer): the day's are used up.
        exhausted += 1;
      }
      await this.record(task, 'wecom', by);
      senders.add(task.senderUserId!);
    }
    if (senders.size === 0 && exhausted > 0)
      throw new AppError(ErrorCode.Conflict, 'WeCom allows three reminders a day; none is left today');
    return senders.size;
  }

  private async throughBot(campaign: CampaignEntity, tasks: TaskEntity[], by: string): Promise<number> {
    const agent = this.deps.agent;
    if (!agent) throw new AppError(ErrorCode.NotConfigured, 'The WeCom app is not connected');
    const senders = [...new Set(tasks.map((task) => task.senderUserId!))];
    for (let start = 0; start < senders.length; start += 1000) {
      await agent.sendMessage({
        touser: senders.slice(start, start + 1000).join('|'),
        msgtype: 'textcard',
        textcard: {
          title: '请确认发送群发消息',
          description: `「${campaign.name}」还在等你发送。请在企业微信「客户联系 → 群发助手」中确认发送。`,
          url: `${this.deps.publicUrl}/marketing/campaigns/${campaign.id}`,
          btntxt: '查看',
        },
        enable_duplicate_check: 1,
        duplicate_check_interval: 600,
      });
    }
    for (const task of tasks) await this.record(task, 'bot', by);
    return senders.length;
  }

  private async record(task: TaskEntity, via: 'wecom' | 'bot', by: string): Promise<void> {
    await this.deps.repository.transaction((manager) =>
      manager.insert(ReminderEntity, { taskId: task.id, via, sentBy: by, sentAt: this.deps.now() }),
    );
  }

  private async unsentTasks(campaign: CampaignEntity): Promise<TaskEntity[]> {
    return (await this.deps.repository.tasksOf(campaign.id)).filter(isUnsent);
  }
}

/** A task with WeCom whose sender has not sent and that was not cancelled: the only kind reminded. */
function isUnsent(task: TaskEntity): boolean {
  return task.status === 'submitted' && Boolean(task.msgid) && !task.confirmedAt && !task.cancelledAt;
}
