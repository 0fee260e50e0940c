import { WeComError, type MessageAttachment, type WeComClient } from '@keeper/bot';
import { CampaignKind, CampaignStatus, RecipientState } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import { CampaignEntity, RecipientEntity, TaskEntity } from './broadcast.entity';
import type { CampaignAudience } from './campaign-audience';
import { CUSTOMERS_PER_TASK, GROUPS_PER_TASK } from './campaign-audience';
import type { CampaignScope } from './campaign-scope';
import type { CampaignsRepository } from './campaigns.repository';
import type { AttachmentSource } from './ports';
import type { ResultSync } from './result-sync';
import type { StaffNotices } from './staff-notices';
import type { TaskRecovery } from './task-recovery';
import { isRetryLater, mayHaveActed, NO_SENDABLE_CUSTOMER } from './wecom-codes';

const LOCK = 'broadcast-engine';
const LEASE_MS = 120_000;
/** How often a process that runs jobs looks for campaigns come due and results to pull. */
const POLL_MS = 10_000;
const DAY_MS = 86_400_000;

/**
 * Submits campaigns to WeCom exactly once and keeps their results, one process at a time (a lease).
 *
 * Exactly once: every task row is inserted, and its recipients marked `submitting` under it, before its
 * add_msg_template call; the call's msgid and fail_list are committed with the task marked submitted. A task
 * found `submitting` later — a crash between call and commit, or an answer lost on the way — is matched against
 * WeCom's own list of tasks before anything is sent again (TaskRecovery); only when WeCom has no such task do its
 * recipients go back to the queue.
 */
export class SubmissionEngine {
  private readonly runner = new CoalescingRunner(
    () => this.runOnce().then(() => undefined),
    (error) => this.deps.logger.warn({ err: error }, 'broadcast engine run failed'),
  );

  constructor(
    private readonly deps: {
      repository: CampaignsRepository;
      audience: CampaignAudience;
      scope: CampaignScope;
      recovery: TaskRecovery;
      results: ResultSync;
      notices: StaffNotices;
      attachments: AttachmentSource;
      client: WeComClient | undefined;
      locks: JobLocks;
      domainEvents: DomainEvents;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  schedule(intervalMs = POLL_MS): void {
    this.runner.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  nudge(): void {
    this.runner.nudge();
  }

  /** One pass: settle interrupted calls, start due campaigns, submit, pull results, finish. False if another ran. */
  async runOnce(): Promise<boolean> {
    const ran = await this.deps.locks.runExclusive(LOCK, LEASE_MS, async () => {
      if (this.deps.client) {
        for (const task of await this.deps.repository.submittingTasks()) await this.settleInterrupted(task);
      }
      for (const campaign of await this.deps.repository.dueScheduled(this.deps.now()))
        await this.start(campaign);
      for (const campaign of await this.deps.repository.findByStatus([CampaignStatus.Submitting]))
        await this.submit(campaign);
      await this.deps.results.settleCancelled();
      await this.deps.results.pollDue();
      await this.deps.results.finishDue();
      return true;
    });
    return ran === true;
  }

  /** Resolves the audience into recipients, once: the campaign moves to submitting in the same transaction. */
  private async start(campaign: CampaignEntity): Promise<void> {
    const { recipients } = await this.deps.audience.resolve(
      campaign,
      this.deps.scope.audienceScope(campaign),
    );
    const now = this.deps.now();
    const started = await this.deps.repository.transaction(async (manager) => {
      const claimed = await manager.update(
        CampaignEntity,
        { id: campaign.id, status: CampaignStatus.Scheduled },
        {
          status: CampaignStatus.Submitting,
          submittedAt: now,
          deadlineAt: new Date(now.getTime() + campaign.deadlineDays * DAY_MS),
        },
      );
      if (!claimed.affected) return false;
      await this.deps.repository.insertRecipients(manager, campaign.id, recipients);
      return true;
    });
    if (started) this.progress(campaign.id);
  }

  private async submit(campaign: CampaignEntity): Promise<void> {
    if (campaign.kind === CampaignKind.Staff) {
      const done = await this.deps.notices.send(campaign);
      if (done) await this.markSubmitted(campaign, CampaignStatus.Finished);
      return;
    }
    if (!this.deps.client) return;
    let attachments: MessageAttachment[];
    try {
      attachments = await this.deps.attachments.attachmentsFor(campaign.content.materialIds.map(Number));
    } catch (error) {
      this.deps.logger.warn(
        { err: error, campaignId: campaign.id },
        'campaign attachments could not be uploaded',
      );
      return;
    }
    const size = campaign.kind === CampaignKind.Groups ? GROUPS_PER_TASK : CUSTOMERS_PER_TASK;
    for (const { senderUserId } of await this.deps.repository.queuedSenders(campaign.id)) {
      for (;;) {
        // A user may cancel meanwhile: nothing more goes once they did.
        if ((await this.deps.repository.find(campaign.id))?.status !== CampaignStatus.Submitting) return;
        const batch = await this.deps.repository.queued(campaign.id, senderUserId, size);
        if (batch.length === 0) break;
        const submitted = await this.submitTask(campaign, senderUserId!, batch, attachments);
        if (!submitted) return;
      }
    }
    if (
      (await this.deps.repository.countInState(campaign.id, [
        RecipientState.Queued,
        RecipientState.Submitting,
      ])) === 0
    )
      await this.markSubmitted(campaign, CampaignStatus.Running);
  }

  /** One add_msg_template for one sender's chunk; false when the pass should stop (WeCom said later, or lost). */
  private async submitTask(
    campaign: CampaignEntity,
    senderUserId: string,
    batch: RecipientEntity[],
    attachments: MessageAttachment[],
  ): Promise<boolean> {
    const task = await this.openTask(campaign, senderUserId, batch);
    const targets = batch.map((recipient) => recipient.targetId);
    try {
      const reply = await this.deps.client!.addMessageTemplate({
        chat_type: campaign.kind === CampaignKind.Groups ? 'group' : 'single',
        ...(campaign.kind === CampaignKind.Groups ? { chat_id_list: targets } : { external_userid: targets }),
        sender: senderUserId,
        allow_select: campaign.allowSelect,
        ...(campaign.content.text ? { text: { content: campaign.content.text } } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      await this.commitAnswer(task, targets, reply.msgid, reply.fail_list ?? []);
      return true;
    } catch (error) {
      if (error instanceof WeComError && error.code === NO_SENDABLE_CUSTOMER) {
        await this.commitAnswer(task, targets, null, targets);
        return true;
      }
      if (isRetryLater(error) || !mayHaveActed(error)) {
        this.deps.logger.info({ err: error, taskId: task.id }, 'mass message not created; will try again');
        await this.reopen(task);
        return false;
      }
      if (!(error instanceof WeComError)) {
        // The call may have reached WeCom: find its task before anything goes again.
        this.deps.logger.warn(
          { err: error, taskId: task.id },
          'mass message answer lost; matching WeCom tasks',
        );
        await this.settleInterrupted(task);
        return false;
      }
      // WeCom refused the whole call (the sender cannot send, say): its recipients are not sendable.
      this.deps.logger.warn({ err: error, taskId: task.id, senderUserId }, 'mass message refused by WeCom');
      await this.commitAnswer(task, targets, null, targets);
      return true;
    }
  }

  private openTask(
    campaign: CampaignEntity,
    senderUserId: string,
    batch: RecipientEntity[],
  ): Promise<TaskEntity> {
    return this.deps.repository.openTask(campaign.id, senderUserId, batch, this.deps.now());
  }

  /** Commits WeCom's answer: the msgid, fail_list recipients unsendable, the rest pending the sender's confirmation. */
  private async commitAnswer(
    task: TaskEntity,
    targets: string[],
    msgid: string | null,
    failList: readonly string[],
  ) {
    const failed = new Set(failList);
    const now = this.deps.now();
    await this.deps.repository.transaction(async (manager) => {
      await manager.update(TaskEntity, task.id, {
        status: msgid ? 'submitted' : 'empty',
        msgid,
        failCount: failed.size,
        failListKnown: true,
        nextPollAt: msgid ? this.deps.results.firstPollAt(now) : null,
      });
      const unsendable = targets.filter((target) => failed.has(target));
      const pending = targets.filter((target) => !failed.has(target));
      await this.deps.repository.setStates(manager, task.id, unsendable, {
        state: RecipientState.Unsendable,
      });
      await this.deps.repository.setStates(manager, task.id, pending, {
        state: msgid ? RecipientState.Pending : RecipientState.Unsendable,
      });
    });
    this.progress(task.campaignId);
  }

  private reopen(task: TaskEntity): Promise<void> {
    return this.deps.repository.reopenTask(task.id);
  }

  /** A task whose answer never arrived: matched with WeCom's task if there is one, else back to the queue. */
  private async settleInterrupted(task: TaskEntity): Promise<void> {
    const campaign = await this.deps.repository.find(task.campaignId);
    if (!campaign) return;
    if (campaign.kind === CampaignKind.Staff) {
      // Staff notices go with WeCom's duplicate check on: sending the same batch again is harmless.
      await this.reopen(task);
      return;
    }
    try {
      const msgid = await this.deps.recovery.find(campaign, task);
      if (msgid) await this.deps.recovery.adopt(task, msgid, this.deps.results.firstPollAt(this.deps.now()));
      else await this.reopen(task);
      this.progress(task.campaignId);
    } catch (error) {
      // Without WeCom's list nothing is known: leave the task as it is and look again on the next pass.
      this.deps.logger.warn(
        { err: error, taskId: task.id },
        'could not match an interrupted mass message yet',
      );
    }
  }

  private async markSubmitted(campaign: CampaignEntity, status: CampaignStatus): Promise<void> {
    await this.deps.repository.transaction((manager) =>
      manager.update(
        CampaignEntity,
        { id: campaign.id, status: CampaignStatus.Submitting },
        {
          status,
          ...(status === CampaignStatus.Finished
            ? { finishedAt: this.deps.now(), syncedAt: this.deps.now() }
            : {}),
        },
      ),
    );
    this.progress(campaign.id);
  }

  private progress(campaignId: number): void {
    this.deps.domainEvents.publish('broadcast.progress', { campaignId: String(campaignId) });
  }
}
