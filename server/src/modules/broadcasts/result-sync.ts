import type { WeComClient } from '@keeper/bot';
import { CampaignKind, CampaignStatus, RecipientState } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import type { Logger } from '../../logger';
import { CampaignEntity, TaskEntity } from './broadcast.entity';
import type { CampaignsRepository } from './campaigns.repository';
import { isRetryLater } from './wecom-codes';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** After submission, results are pulled densely in the first day (senders confirm then), then daily. */
const FIRST_DAY_SCHEDULE_MS = [5, 15, 30, 60, 120, 240, 480, 720, 1440].map((minutes) => minutes * MINUTE_MS);
/** WeCom's page sizes for tasks and results (its maximum). */
const PAGE = 1000;

/** WeCom's per-recipient status (protocol §6.2) as Keeper's recipient state. */
const STATUS_STATE: Record<number, RecipientState> = {
  0: RecipientState.Pending,
  1: RecipientState.Sent,
  2: RecipientState.NotFriend,
  3: RecipientState.LimitReached,
};

/**
 * Pulls each task's confirmation (get_groupmsg_task) and per-recipient results (get_groupmsg_send_result), paged
 * by cursor, on a schedule dense in the first day and daily after, until the campaign's deadline; then cancels
 * what was never sent and freezes the figures. Results are only asked for once the sender has sent (before that
 * every recipient is "not sent"), except for a task adopted after a lost answer, whose fail_list is unknown.
 */
export class ResultSync {
  constructor(
    private readonly deps: {
      repository: CampaignsRepository;
      client: WeComClient | undefined;
      domainEvents: DomainEvents;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  firstPollAt(now: Date): Date {
    return new Date(now.getTime() + FIRST_DAY_SCHEDULE_MS[0]!);
  }

  /** Pulls every task that is due. */
  async pollDue(): Promise<void> {
    if (!this.deps.client) return;
    const touched = new Set<number>();
    for (const task of await this.deps.repository.tasksDueForPoll(this.deps.now())) {
      try {
        await this.pull(task);
        touched.add(task.campaignId);
      } catch (error) {
        this.deps.logger.warn({ err: error, taskId: task.id }, 'pulling mass-message results failed');
        if (isRetryLater(error)) break;
      }
    }
    for (const campaignId of touched) await this.markSynced(campaignId);
  }

  /** Pulls every task of a campaign now (the console's 立即同步, and before the figures freeze). */
  async pullCampaign(campaignId: number): Promise<void> {
    if (!this.deps.client) return;
    for (const task of await this.deps.repository.tasksOf(campaignId)) {
      if (task.status === 'submitted') await this.pull(task);
    }
    await this.markSynced(campaignId);
  }

  /**
   * Campaigns past their deadline, or with every task settled: unsent tasks are cancelled in WeCom, results
   * pulled a last time, and the campaign finishes; its figures do not change after.
   */
  async finishDue(): Promise<void> {
    const now = this.deps.now();
    for (const campaign of await this.deps.repository.findByStatus([CampaignStatus.Running])) {
      if (campaign.kind === CampaignKind.Staff) continue;
      const tasks = await this.deps.repository.tasksOf(campaign.id);
      const settled = tasks.every((task) => task.status !== 'submitted' || task.nextPollAt === null);
      const pastDeadline = campaign.deadlineAt !== null && campaign.deadlineAt <= now;
      if (!settled && !pastDeadline) continue;
      try {
        await this.cancelUnsent(tasks);
        await this.pullCampaign(campaign.id);
      } catch (error) {
        this.deps.logger.warn(
          { err: error, campaignId: campaign.id },
          'finishing a campaign failed; will retry',
        );
        continue;
      }
      await this.deps.repository.transaction(async (manager) => {
        await manager.update(
          CampaignEntity,
          { id: campaign.id, status: CampaignStatus.Running },
          { status: CampaignStatus.Finished, finishedAt: now },
        );
        await manager.update(TaskEntity, { campaignId: campaign.id }, { nextPollAt: null });
      });
      this.progress(campaign.id);
    }
  }

  /** Campaigns a user cancelled: their unsent WeCom tasks are cancelled and their figures pulled a last time. */
  async settleCancelled(): Promise<void> {
    for (const campaign of await this.deps.repository.cancelledWithOpenTasks()) {
      try {
        await this.cancelUnsent(await this.deps.repository.tasksOf(campaign.id));
        await this.pullCampaign(campaign.id);
      } catch (error) {
        this.deps.logger.warn(
          { err: error, campaignId: campaign.id },
          'cancelling a campaign in WeCom failed',
        );
        continue;
      }
      await this.deps.repository.transaction((manager) =>
        manager.update(TaskEntity, { campaignId: campaign.id }, { nextPollAt: null }),
      );
      this.progress(campaign.id);
    }
  }

  /** cancel_groupmsg_send for every task of a campaign whose sender has not sent (already cancelled is fine). */
  async cancelUnsent(tasks: TaskEntity[]): Promise<void> {
    for (const task of tasks) {
      if (task.status !== 'submitted' || task.confirmedAt || task.cancelledAt || !task.msgid) continue;
      await this.deps.client?.cancelGroupMessage(task.msgid);
      await this.deps.repository.transaction((manager) =>
        manager.update(TaskEntity, task.id, { cancelledAt: this.deps.now() }),
      );
    }
  }

  /** One task: whether its sender sent, then each recipient's status, committed as changes only. */
  private async pull(task: TaskEntity): Promise<void> {
    const client = this.deps.client!;
    const msgid = task.msgid!;
    const sender = task.senderUserId!;
    const sentAt = await this.senderSentAt(msgid, sender);
    const confirmedAt = task.confirmedAt ?? sentAt;
    let pending = true;
    if (confirmedAt || !task.failListKnown) {
      const listed = new Map<string, { state: RecipientState; at: Date | null }>();
      let cursor: string | undefined;
      do {
        const page = await client.getGroupMessageSendResult({
          msgid,
          userid: sender,
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        });
        for (const row of page.send_list) {
          const target = row.external_userid ?? row.chat_id;
          if (!target) continue;
          listed.set(target, {
            state: STATUS_STATE[row.status] ?? RecipientState.Pending,
            at: row.send_time ? new Date(row.send_time * 1000) : null,
          });
        }
        cursor = page.next_cursor || undefined;
      } while (cursor);
      pending = await this.apply(task, listed);
    }
    const now = this.deps.now();
    const polls = task.polls + 1;
    await this.deps.repository.transaction((manager) =>
      manager.update(TaskEntity, task.id, {
        confirmedAt,
        failListKnown: true,
        polls,
        // A sender who sent and no recipient left waiting: nothing more will change.
        nextPollAt: confirmedAt && !pending ? null : this.nextPollAt(task, now),
      }),
    );
  }

  private async senderSentAt(msgid: string, sender: string): Promise<Date | null> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.client!.getGroupMessageTasks({
        msgid,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      const mine = page.task_list.find((each) => each.userid === sender);
      if (mine)
        return mine.status === 2 ? new Date((mine.send_time ?? 0) * 1000 || this.deps.now().getTime()) : null;
      cursor = page.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  /**
   * Writes what changed. A recipient WeCom does not list was never in the task (fail_list): unsendable. Returns
   * whether any recipient is still waiting for the sender.
   */
  private async apply(task: TaskEntity, listed: Map<string, { state: RecipientState; at: Date | null }>) {
    const current = await this.deps.repository.recipientsOfTask(task.id);
    const changes = new Map<string, { state: RecipientState; sentAt: Date | null; targets: string[] }>();
    let pending = false;
    for (const recipient of current) {
      if (recipient.state === RecipientState.Unsendable) continue;
      const result = listed.get(recipient.targetId);
      const state = result?.state ?? RecipientState.Unsendable;
      const sentAt = state === RecipientState.Sent ? (result?.at ?? null) : null;
      if (state === RecipientState.Pending) pending = true;
      if (state === recipient.state && (sentAt?.getTime() ?? null) === (recipient.sentAt?.getTime() ?? null))
        continue;
      const key = `${state}\u0000${sentAt?.getTime() ?? ''}`;
      const change = changes.get(key) ?? { state, sentAt, targets: [] };
      change.targets.push(recipient.targetId);
      changes.set(key, change);
    }
    if (changes.size > 0) {
      await this.deps.repository.transaction(async (manager) => {
        for (const { state, sentAt, targets } of changes.values())
          await this.deps.repository.setStates(manager, task.id, targets, { state, sentAt });
      });
    }
    return pending;
  }

  private nextPollAt(task: TaskEntity, now: Date): Date {
    const since = now.getTime() - task.requestedAt.getTime();
    const next = FIRST_DAY_SCHEDULE_MS.find((offset) => offset > since);
    return new Date(next !== undefined ? task.requestedAt.getTime() + next : now.getTime() + DAY_MS);
  }

  private async markSynced(campaignId: number): Promise<void> {
    await this.deps.repository.transaction((manager) =>
      manager.update(CampaignEntity, campaignId, { syncedAt: this.deps.now() }),
    );
    this.progress(campaignId);
  }

  private progress(campaignId: number): void {
    this.deps.domainEvents.publish('broadcast.progress', { campaignId: String(campaignId) });
  }
}
