import {
  CaseStatus,
  ItemKind,
  ItemState,
  type CaseListQuery,
  type HandoverKind,
  type HandoverTotals,
  type ItemListQuery,
} from '@keeper/shared';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { insertRows } from '../../db/bulk-insert';
import { dialectOf } from '../../db/sql';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import {
  HandoverBatchEntity,
  HandoverCaseEntity,
  HandoverItemEntity,
  HandoverPollEntity,
} from './reassign.entity';

export type CaseTotals = Record<ItemKind, HandoverTotals>;

/** Items with WeCom: the case is in progress while any is left. */
const IN_FLIGHT: readonly ItemState[] = ['planned', 'sending', 'waiting'];
const OWNED: readonly ItemState[] = ['skipped', 'done'];

export const emptyTotals = (): HandoverTotals => ({
  selected: 0,
  unplanned: 0,
  skipped: 0,
  planned: 0,
  sending: 0,
  waiting: 0,
  done: 0,
  refused: 0,
  receiverFull: 0,
  noRecord: 0,
  rejected: 0,
});

const TOTAL_KEY: Record<ItemState, keyof HandoverTotals> = {
  unplanned: 'unplanned',
  skipped: 'skipped',
  planned: 'planned',
  sending: 'sending',
  waiting: 'waiting',
  done: 'done',
  refused: 'refused',
  receiver_full: 'receiverFull',
  no_record: 'noRecord',
  rejected: 'rejected',
};

/** Handover cases and their items: queries only, scoped by the member handing over. */
export class ReassignRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findCase(id: number, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(HandoverCaseEntity, { id });
  }

  findCaseByKey(dedupeKey: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(HandoverCaseEntity, { dedupeKey });
  }

  /** The member's on-duty case that is not completed, if any. */
  openOnJobCase(handoverUserId: string) {
    return this.dataSource.getRepository(HandoverCaseEntity).findOne({
      where: {
        handoverUserId,
        kind: 'on_job',
        status: In([CaseStatus.Pending, CaseStatus.InProgress]),
      },
      order: { id: 'DESC' },
    });
  }

  /** Every departure Keeper opened a case for, by member (the sweep opens the rest). */
  async departuresWithCases(): Promise<Set<string>> {
    const cases = await this.dataSource
      .getRepository(HandoverCaseEntity)
      .find({ select: { dedupeKey: true }, where: { kind: 'resigned' } });
    return new Set(cases.map((each) => each.dedupeKey));
  }

  async cases(
    query: CaseListQuery,
    scope: 'all' | string[],
  ): Promise<{ items: HandoverCaseEntity[]; total: number }> {
    const builder = this.dataSource.getRepository(HandoverCaseEntity).createQueryBuilder('c');
    if (scope !== 'all') builder.andWhere(memberInScopeSql('c.handover_userid'), scopeParams(scope));
    if (query.inbox) {
      builder.andWhere('c.kind = :resigned AND c.status <> :completed', {
        resigned: 'resigned',
        completed: CaseStatus.Completed,
      });
    }
    if (query.kind) builder.andWhere('c.kind = :kind', { kind: query.kind });
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    const [items, total] = await builder
      .orderBy('c.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** Resigned cases that still need a manager or WeCom (the 离职继承 badge). */
  countOpenDepartures(scope: 'all' | string[]): Promise<number> {
    const builder = this.dataSource
      .getRepository(HandoverCaseEntity)
      .createQueryBuilder('c')
      .where('c.kind = :resigned AND c.status <> :completed', {
        resigned: 'resigned',
        completed: CaseStatus.Completed,
      });
    if (scope !== 'all') builder.andWhere(memberInScopeSql('c.handover_userid'), scopeParams(scope));
    return builder.getCount();
  }

  async totals(
    caseIds: number[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<number, CaseTotals>> {
    const totals = new Map(
      caseIds.map((id) => [id, { customer: emptyTotals(), group: emptyTotals() } as CaseTotals]),
    );
    if (caseIds.length === 0) return totals;
    const rows = await manager
      .getRepository(HandoverItemEntity)
      .createQueryBuilder('i')
      .select(['i.case_id AS caseId', 'i.kind AS kind', 'i.state AS state', 'COUNT(*) AS count'])
      .where('i.case_id IN (:...caseIds)', { caseIds })
      .groupBy('i.case_id')
      .addGroupBy('i.kind')
      .addGroupBy('i.state')
      .getRawMany<{ caseId: number | string; kind: ItemKind; state: ItemState; count: number | string }>();
    for (const row of rows) {
      const counts = totals.get(Number(row.caseId))?.[row.kind];
      if (!counts) continue;
      counts[TOTAL_KEY[row.state]] += Number(row.count);
      if (row.state !== ItemState.Unplanned) counts.selected += Number(row.count);
    }
    return totals;
  }

  async items(caseId: number, query: ItemListQuery, targetIds?: string[]) {
    const builder = this.dataSource
      .getRepository(HandoverItemEntity)
      .createQueryBuilder('i')
      .where('i.case_id = :caseId AND i.kind = :kind', { caseId, kind: query.kind });
    if (query.state) builder.andWhere('i.state = :state', { state: query.state });
    if (targetIds) builder.andWhere('i.target_id IN (:...targetIds)', { targetIds: [...targetIds, ''] });
    const [items, total] = await builder
      .orderBy('i.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** Every item of a case, for planning and the report. */
  allItems(caseId: number, kind?: ItemKind, states?: readonly ItemState[]) {
    return this.dataSource.getRepository(HandoverItemEntity).find({
      where: { caseId, ...(kind ? { kind } : {}), ...(states ? { state: In([...states]) } : {}) },
      order: { id: 'ASC' },
    });
  }

  /** Adds the targets the case does not hold yet, as unplanned items; returns how many were new. */
  async addItems(
    manager: EntityManager,
    caseId: number,
    kind: ItemKind,
    targetIds: string[],
  ): Promise<number> {
    const held = new Set(
      (await manager.find(HandoverItemEntity, { select: { targetId: true }, where: { caseId, kind } })).map(
        (item) => item.targetId,
      ),
    );
    const fresh = [...new Set(targetIds)].filter((id) => !held.has(id));
    if (fresh.length === 0) return 0;
    await insertRows(
      manager,
      manager.connection.getMetadata(HandoverItemEntity).tableName,
      ['case_id', 'kind', 'target_id', 'state', 'attempts', 'updated_at'],
      fresh.map((targetId) => [caseId, kind, targetId, ItemState.Unplanned, 0, new Date()]),
    );
    return fresh.length;
  }

  /**
   * On-duty transfers of these customers Keeper started since `since` (WeCom allows two in 90 days; its 40128
   * decides, as transfers made elsewhere count too).
   */
  async recentOnJobTransfers(externalUserIds: string[], since: Date): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let start = 0; start < externalUserIds.length; start += 1_000) {
      const ids = externalUserIds.slice(start, start + 1_000);
      const rows = await this.dataSource
        .getRepository(HandoverItemEntity)
        .createQueryBuilder('i')
        .innerJoin(HandoverCaseEntity, 'c', 'c.id = i.case_id')
        .select(['i.target_id AS targetId', 'COUNT(*) AS count'])
        .where('c.kind = :onJob AND i.kind = :customer', { onJob: 'on_job', customer: ItemKind.Customer })
        .andWhere('i.state IN (:...states)', {
          states: [ItemState.Sending, ItemState.Waiting, ItemState.Done],
        })
        .andWhere('i.sent_at >= :since AND i.target_id IN (:...ids)', { since, ids })
        .groupBy('i.target_id')
        .getRawMany<{ targetId: string; count: number | string }>();
      for (const row of rows) counts.set(row.targetId, Number(row.count));
    }
    return counts;
  }

  /**
   * Recomputes the case's status from its items: completed when every item has an owner again (done, or
   * skipped because the receiver already followed), in progress while anything is with WeCom and nothing needs
   * a manager, pending otherwise. Returns the new status.
   */
  async refreshStatus(caseId: number, now: Date): Promise<CaseStatus> {
    // Its own transaction, after the changes it sums up committed, with the case row locked first: two
    // refreshes in a row each count what was committed before them, so the later one is right.
    return this.dataSource.transaction(async (manager) => {
      await manager.findOne(HandoverCaseEntity, {
        where: { id: caseId },
        ...(dialectOf(this.dataSource) === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      return this.recountStatus(manager, caseId, now);
    });
  }

  /** Cases not completed, for the engine to refresh after a pass (a process may have died before it did). */
  async unfinishedCaseIds(): Promise<number[]> {
    const cases = await this.dataSource.getRepository(HandoverCaseEntity).find({
      select: { id: true },
      where: { status: In([CaseStatus.Pending, CaseStatus.InProgress]) },
    });
    return cases.map((each) => each.id);
  }

  private async recountStatus(manager: EntityManager, caseId: number, now: Date): Promise<CaseStatus> {
    const rows = await manager
      .getRepository(HandoverItemEntity)
      .createQueryBuilder('i')
      .select(['i.state AS state', 'COUNT(*) AS count'])
      .where('i.case_id = :caseId', { caseId })
      .groupBy('i.state')
      .getRawMany<{ state: ItemState; count: number | string }>();
    const has = (states: readonly ItemState[]) => rows.some((row) => states.includes(row.state));
    const needsManager = rows.some((row) => !OWNED.includes(row.state) && !IN_FLIGHT.includes(row.state));
    const status = needsManager
      ? CaseStatus.Pending
      : has(IN_FLIGHT)
        ? CaseStatus.InProgress
        : CaseStatus.Completed;
    const current = await manager.findOneByOrFail(HandoverCaseEntity, { id: caseId });
    if (current.status !== status) {
      await manager.update(HandoverCaseEntity, caseId, {
        status,
        completedAt: status === CaseStatus.Completed ? now : null,
      });
    }
    return status;
  }

  /** Asks for a result poll of the pair at `dueAt`, or sooner if one is already due earlier. */
  async schedulePoll(
    manager: EntityManager,
    caseId: number,
    takeoverUserId: string,
    dueAt: Date,
  ): Promise<void> {
    const poll = await manager.findOneBy(HandoverPollEntity, { caseId, takeoverUserId });
    if (!poll) {
      await manager.insert(HandoverPollEntity, { caseId, takeoverUserId, dueAt, polledAt: null });
    } else if (!poll.dueAt || poll.dueAt > dueAt) {
      await manager.update(HandoverPollEntity, poll.id, { dueAt });
    }
  }

  duePolls(now: Date) {
    return this.dataSource
      .getRepository(HandoverPollEntity)
      .createQueryBuilder('p')
      .where('p.due_at IS NOT NULL AND p.due_at <= :now', { now })
      .orderBy('p.due_at', 'ASC')
      .getMany();
  }

  polls(caseId: number) {
    return this.dataSource.getRepository(HandoverPollEntity).findBy({ caseId });
  }

  /** Items of a case that may still change through WeCom's news. */
  openItems(
    manager: EntityManager,
    where: { targetId: string; takeoverUserId?: string; caseIds?: number[] },
  ) {
    return manager.find(HandoverItemEntity, {
      where: {
        kind: ItemKind.Customer,
        targetId: where.targetId,
        state: In([ItemState.Sending, ItemState.Waiting, ItemState.Refused, ItemState.ReceiverFull]),
        ...(where.takeoverUserId ? { takeoverUserId: where.takeoverUserId } : {}),
        ...(where.caseIds ? { caseId: In(where.caseIds) } : {}),
      },
    });
  }

  /** The cases of these members (the members handing over). */
  casesOf(manager: EntityManager, handoverUserId: string, kind?: HandoverKind) {
    return manager.find(HandoverCaseEntity, { where: { handoverUserId, ...(kind ? { kind } : {}) } });
  }

  /** Groups of this member moved (or on their way) on the China calendar day `[dayStart, dayEnd)`. */
  groupsMovedBetween(handoverUserId: string, dayStart: Date, dayEnd: Date): Promise<number> {
    return this.dataSource
      .getRepository(HandoverItemEntity)
      .createQueryBuilder('i')
      .innerJoin(HandoverCaseEntity, 'c', 'c.id = i.case_id')
      .where('c.handover_userid = :handoverUserId AND i.kind = :group', {
        handoverUserId,
        group: ItemKind.Group,
      })
      .andWhere('i.state IN (:...states)', { states: [ItemState.Sending, ItemState.Done] })
      .andWhere('i.sent_at >= :dayStart AND i.sent_at < :dayEnd', { dayStart, dayEnd })
      .getCount();
  }

  /**
   * Whether WeCom's latest word on transfers to this member was "at the customer limit" (40099 or status 4)
   * rather than a completed one: until a transfer to them completes again, they count as full.
   */
  async lastSeenFull(takeoverUserId: string): Promise<boolean> {
    const latest = await this.dataSource.getRepository(HandoverItemEntity).findOne({
      select: { state: true },
      where: { takeoverUserId, kind: ItemKind.Customer, state: In([ItemState.Done, ItemState.ReceiverFull]) },
      order: { updatedAt: 'DESC', id: 'DESC' },
    });
    return latest?.state === ItemState.ReceiverFull;
  }

  /** Calls begun and never answered (a crash, a lost answer): settled before anything is sent. */
  sendingBatches() {
    return this.dataSource
      .getRepository(HandoverBatchEntity)
      .find({ where: { status: 'sending' }, order: { id: 'ASC' } });
  }

  /** The next call's customers: the oldest planned one and up to `limit` planned to the same case and receiver. */
  async nextPlannedCustomers(limit: number): Promise<HandoverItemEntity[]> {
    const items = this.dataSource.getRepository(HandoverItemEntity);
    const first = await items.findOne({
      where: { kind: ItemKind.Customer, state: ItemState.Planned },
      order: { id: 'ASC' },
    });
    if (!first?.takeoverUserId) return [];
    return items.find({
      where: {
        caseId: first.caseId,
        kind: ItemKind.Customer,
        state: ItemState.Planned,
        takeoverUserId: first.takeoverUserId,
      },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  plannedGroups() {
    return this.dataSource.getRepository(HandoverItemEntity).find({
      where: { kind: ItemKind.Group, state: ItemState.Planned },
      order: { id: 'ASC' },
    });
  }

  /** Claims the telling of a case's completion; false when it was told already. */
  async claimCompletionReport(caseId: number, at: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(HandoverCaseEntity)
      .update({ id: caseId, reportedAt: IsNull() }, { reportedAt: at });
    return result.affected === 1;
  }

  /** Claims the telling of `failed` refusals, if nobody told a newer count since `told`. */
  async claimRefusalReport(caseId: number, told: number, failed: number): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(HandoverCaseEntity)
      .update({ id: caseId, refusalsReported: told }, { refusalsReported: failed });
    return result.affected === 1;
  }
}
