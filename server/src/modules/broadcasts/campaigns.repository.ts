import {
  CampaignStatus,
  RecipientState,
  type CampaignListQuery,
  type ExclusionReason,
  type RecipientListQuery,
} from '@keeper/shared';
import { In, IsNull, LessThanOrEqual, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { insertRows } from '../../db/bulk-insert';
import { dialectOf, escapeLike, rawDateTime } from '../../db/sql';
import { CampaignEntity, RecipientEntity, ReminderEntity, TaskEntity } from './broadcast.entity';

/** Rows per UPDATE … WHERE target_id IN (…): well inside every placeholder limit. */
const IN_CHUNK = 1_000;

/** One recipient to store when a campaign is submitted. */
export interface NewRecipient {
  targetId: string;
  senderUserId: string | null;
  state: RecipientState;
  reason: ExclusionReason | null;
}

/** Counts of a campaign's recipients by sender, state and exclusion reason: what every funnel is made of. */
export interface RecipientCount {
  senderUserId: string | null;
  state: RecipientState;
  reason: ExclusionReason | null;
  count: number;
}

/** Campaigns, their recipients and WeCom tasks. Queries only; the services decide. */
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(
    query: CampaignListQuery,
    visible: (campaign: CampaignEntity) => Promise<boolean>,
  ): Promise<{ items: CampaignEntity[]; total: number }> {
    const builder = this.dataSource.getRepository(CampaignEntity).createQueryBuilder('c');
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.kind) builder.andWhere('c.kind = :kind', { kind: query.kind });
    if (query.q) builder.andWhere('c.name LIKE :q', { q: `%${escapeLike(query.q)}%` });
    // Scope is decided per campaign by the caller (departments recorded at creation); campaigns are few.
    const all = await builder.orderBy('c.id', 'DESC').getMany();
    const mine: CampaignEntity[] = [];
    for (const campaign of all) if (await visible(campaign)) mine.push(campaign);
    const start = (query.page - 1) * query.pageSize;
    return { items: mine.slice(start, start + query.pageSize), total: mine.length };
  }

  find(id: number): Promise<CampaignEntity | null> {
    return this.dataSource.getRepository(CampaignEntity).findOneBy({ id });
  }

  /** Scheduled campaigns whose time has come (or that go as soon as they may). */
  dueScheduled(now: Date): Promise<CampaignEntity[]> {
    return this.dataSource
      .getRepository(CampaignEntity)
      .createQueryBuilder('c')
      .where('c.status = :status', { status: CampaignStatus.Scheduled })
      .andWhere('(c.scheduled_at IS NULL OR c.scheduled_at <= :now)', {
        now: rawDateTime(dialectOf(this.dataSource), now),
      })
      .orderBy('c.id', 'ASC')
      .getMany();
  }

  findByStatus(statuses: CampaignStatus[]): Promise<CampaignEntity[]> {
    return this.dataSource
      .getRepository(CampaignEntity)
      .find({ where: { status: In(statuses) }, order: { id: 'ASC' } });
  }

  async insertRecipients(manager: EntityManager, campaignId: number, rows: NewRecipient[]): Promise<void> {
    await insertRows(
      manager,
      'broadcast_recipients',
      ['campaign_id', 'target_id', 'sender_userid', 'state', 'reason'],
      rows.map((row) => [campaignId, row.targetId, row.senderUserId, row.state, row.reason]),
    );
  }

  async recipientCounts(campaignId: number): Promise<RecipientCount[]> {
    const rows = await this.dataSource
      .getRepository(RecipientEntity)
      .createQueryBuilder('r')
      .select('r.sender_userid', 'sender')
      .addSelect('r.state', 'state')
      .addSelect('r.reason', 'reason')
      .addSelect('COUNT(*)', 'count')
      .where('r.campaign_id = :campaignId', { campaignId })
      .groupBy('r.sender_userid')
      .addGroupBy('r.state')
      .addGroupBy('r.reason')
      .getRawMany<{
        sender: string | null;
        state: RecipientState;
        reason: ExclusionReason | null;
        count: string;
      }>();
    return rows.map((row) => ({
      senderUserId: row.sender,
      state: row.state,
      reason: row.reason,
      count: Number(row.count),
    }));
  }

  /** Senders with recipients still queued, and how many each, in sender order. */
  async queuedSenders(campaignId: number): Promise<{ senderUserId: string | null; count: number }[]> {
    const rows = await this.dataSource
      .getRepository(RecipientEntity)
      .createQueryBuilder('r')
      .select('r.sender_userid', 'sender')
      .addSelect('COUNT(*)', 'count')
      .where('r.campaign_id = :campaignId AND r.state = :state', {
        campaignId,
        state: RecipientState.Queued,
      })
      .groupBy('r.sender_userid')
      .orderBy('r.sender_userid', 'ASC')
      .getRawMany<{ sender: string | null; count: string }>();
    return rows.map((row) => ({ senderUserId: row.sender, count: Number(row.count) }));
  }

  /** The next queued recipients of a sender (all senders when null: staff notices), oldest first. */
  queued(campaignId: number, senderUserId: string | null, limit: number): Promise<RecipientEntity[]> {
    return this.dataSource.getRepository(RecipientEntity).find({
      where: {
        campaignId,
        state: RecipientState.Queued,
        ...(senderUserId === null ? {} : { senderUserId }),
      },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  countInState(campaignId: number, states: RecipientState[]): Promise<number> {
    return this.dataSource.getRepository(RecipientEntity).countBy({ campaignId, state: In(states) });
  }

  recipientsOfTask(taskId: number): Promise<RecipientEntity[]> {
    return this.dataSource.getRepository(RecipientEntity).find({ where: { taskId }, order: { id: 'ASC' } });
  }

  /** Moves the given targets of a task to a state, in chunks (one UPDATE per thousand). */
  async setStates(
    manager: EntityManager,
    taskId: number,
    targetIds: string[],
    change: Partial<Pick<RecipientEntity, 'state' | 'sentAt' | 'taskId'>>,
  ): Promise<void> {
    for (let start = 0; start < targetIds.length; start += IN_CHUNK) {
      await manager.update(
        RecipientEntity,
        { taskId, targetId: In(targetIds.slice(start, start + IN_CHUNK)) },
        change,
      );
    }
  }

  async page(
    campaignId: number,
    query: RecipientListQuery,
    matchingTargets: string[] | undefined,
  ): Promise<{ items: RecipientEntity[]; total: number }> {
    const where = {
      campaignId,
      ...(query.state ? { state: query.state } : {}),
      ...(query.senderId ? { senderUserId: query.senderId } : {}),
      ...(matchingTargets ? { targetId: In(matchingTargets) } : {}),
    };
    const [items, total] = await this.dataSource.getRepository(RecipientEntity).findAndCount({
      where,
      order: { id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  /** Every recipient row of a campaign, in id order, a page at a time (the export). */
  async *allRecipients(campaignId: number, pageSize = 5_000): AsyncGenerator<RecipientEntity[]> {
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(RecipientEntity).find({
        where: { campaignId, id: MoreThan(after) },
        order: { id: 'ASC' },
        take: pageSize,
      });
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** The campaigns that reached (or were meant to reach) a customer, newest first. */
  reachedCustomer(externalUserId: string): Promise<RecipientEntity[]> {
    return this.dataSource.getRepository(RecipientEntity).find({
      where: {
        targetId: externalUserId,
        state: In([
          RecipientState.Pending,
          RecipientState.Sent,
          RecipientState.NotFriend,
          RecipientState.LimitReached,
          RecipientState.Unsendable,
        ]),
      },
      order: { campaignId: 'DESC' },
      take: 200,
    });
  }

  findCampaigns(ids: number[]): Promise<CampaignEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(CampaignEntity).findBy({ id: In(ids) });
  }

  tasksOf(campaignId: number): Promise<TaskEntity[]> {
    return this.dataSource.getRepository(TaskEntity).find({ where: { campaignId }, order: { id: 'ASC' } });
  }

  /** Tasks whose call went out and whose answer was never committed (a crash or a lost answer). */
  submittingTasks(): Promise<TaskEntity[]> {
    return this.dataSource
      .getRepository(TaskEntity)
      .find({ where: { status: 'submitting' }, order: { id: 'ASC' } });
  }

  /** Submitted tasks whose results are due to be pulled. */
  tasksDueForPoll(now: Date): Promise<TaskEntity[]> {
    return this.dataSource.getRepository(TaskEntity).find({
      where: { status: 'submitted', nextPollAt: LessThanOrEqual(now) },
      order: { nextPollAt: 'ASC' },
    });
  }

  knownMsgIds(msgIds: string[]): Promise<TaskEntity[]> {
    if (msgIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(TaskEntity).findBy({ msgid: In(msgIds) });
  }

  /** WeCom reminders of each task since `since` (WeCom allows three per task in 24 h). */
  async wecomRemindersSince(taskIds: number[], since: Date): Promise<Map<number, number>> {
    if (taskIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ReminderEntity)
      .createQueryBuilder('r')
      .select('r.task_id', 'taskId')
      .addSelect('COUNT(*)', 'count')
      .where('r.task_id IN (:...taskIds) AND r.via = :via AND r.sent_at > :since', {
        taskIds,
        via: 'wecom',
        since: rawDateTime(dialectOf(this.dataSource), since),
      })
      .groupBy('r.task_id')
      .getRawMany<{ taskId: number | string; count: string }>();
    return new Map(rows.map((row) => [Number(row.taskId), Number(row.count)]));
  }

  /** Inserts a task and marks its recipients `submitting` under it, in one transaction, before its call. */
  openTask(
    campaignId: number,
    senderUserId: string | null,
    batch: RecipientEntity[],
    now: Date,
  ): Promise<TaskEntity> {
    return this.transaction(async (manager) => {
      const chunk = await manager.countBy(TaskEntity, {
        campaignId,
        senderUserId: senderUserId ?? IsNull(),
      });
      const { identifiers } = await manager.insert(TaskEntity, {
        campaignId,
        senderUserId,
        chunk: chunk + 1,
        status: 'submitting',
        msgid: null,
        requestedAt: now,
        failCount: 0,
        failListKnown: false,
        confirmedAt: null,
        nextPollAt: null,
        polls: 0,
        cancelledAt: null,
      });
      const task = await manager.findOneByOrFail(TaskEntity, { id: Number(identifiers[0]!.id) });
      const ids = batch.map((recipient) => recipient.id);
      for (let start = 0; start < ids.length; start += IN_CHUNK) {
        await manager.update(
          RecipientEntity,
          { id: In(ids.slice(start, start + IN_CHUNK)), state: RecipientState.Queued },
          { state: RecipientState.Submitting, taskId: task.id },
        );
      }
      return task;
    });
  }

  /** WeCom did nothing with a task's call: its recipients go back to the queue and the task row goes. */
  async reopenTask(taskId: number): Promise<void> {
    await this.transaction(async (manager) => {
      await manager.update(
        RecipientEntity,
        { taskId, state: RecipientState.Submitting },
        { state: RecipientState.Queued, taskId: null },
      );
      await manager.delete(TaskEntity, { id: taskId, status: 'submitting' });
    });
  }

  /** The first recipient of a task (the one a lost task is recognised by). */
  firstRecipientOf(taskId: number): Promise<RecipientEntity | null> {
    return this.dataSource
      .getRepository(RecipientEntity)
      .findOne({ where: { taskId }, order: { id: 'ASC' } });
  }

  /** Changes a campaign only if it is still in one of `from`; false when someone moved it first. */
  async transition(
    id: number,
    from: readonly CampaignStatus[],
    change: Partial<CampaignEntity>,
  ): Promise<boolean> {
    const result = await this.transaction((manager) =>
      manager.update(CampaignEntity, { id, status: In([...from]) }, change),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Cancelled campaigns with WeCom tasks still to cancel (the engine does it under its lease). */
  async cancelledWithOpenTasks(): Promise<CampaignEntity[]> {
    return this.dataSource
      .getRepository(CampaignEntity)
      .createQueryBuilder('c')
      .where('c.status = :status', { status: CampaignStatus.Cancelled })
      .andWhere(
        "EXISTS (SELECT 1 FROM broadcast_tasks t WHERE t.campaign_id = c.id AND t.status = 'submitted' AND t.next_poll_at IS NOT NULL)",
      )
      .getMany();
  }

  /**
   * The materials of campaigns that will still send: waiting for approval, scheduled or being submitted. Their
   * WeCom media must not run out before they go.
   */
  async materialsInUse(): Promise<number[]> {
    const campaigns = await this.findByStatus([
      CampaignStatus.PendingApproval,
      CampaignStatus.Scheduled,
      CampaignStatus.Submitting,
    ]);
    return [...new Set(campaigns.flatMap((campaign) => campaign.content.materialIds.map(Number)))];
  }
}
