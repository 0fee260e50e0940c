import { InboxStatus, type Failure, type InboxQuery } from '@keeper/shared';
import {
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  type DataSource,
  type EntityManager,
  type Repository,
} from 'typeorm';
import type { JsonObject } from '../../db/columns';
import { isUniqueViolation } from '../../db/errors';
import { isDeadLocalHolder } from '../../jobs/process-identity';
import { InboxEntity } from './inbox.entity';

export class InboxRepository {
  private readonly rows: Repository<InboxEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(InboxEntity);
  }

  /** Stores a callback once; false when a row with the same dedupe key is already there. */
  async insertOnce(row: {
    dedupeKey: string;
    eventType: string;
    rawXml: string;
    summary: JsonObject;
  }): Promise<boolean> {
    const now = new Date();
    try {
      await this.rows
        .createQueryBuilder()
        .insert()
        .values({ ...row, status: InboxStatus.Pending, attempts: 0, nextAttemptAt: now, receivedAt: now })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Ids of rows due now: pending and past their next attempt, not leased by a live dispatcher. */
  async findDue(limit: number): Promise<string[]> {
    const now = new Date();
    const rows = await this.rows.find({
      select: { id: true },
      where: [
        { status: InboxStatus.Pending, nextAttemptAt: LessThanOrEqual(now), lockedUntil: IsNull() },
        { status: InboxStatus.Pending, nextAttemptAt: LessThanOrEqual(now), lockedUntil: LessThan(now) },
      ],
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map((row) => String(row.id));
  }

  /**
   * Frees the rows claimed by dispatchers of this host whose process is gone (killed, crashed while handling),
   * so they run now rather than when the lease would run out. Returns how many were freed.
   */
  async releaseClaimsOfDeadProcesses(): Promise<number> {
    const holders = (await this.rows
      .createQueryBuilder('i')
      .select('DISTINCT i.locked_by', 'holder')
      .where('i.status = :pending AND i.locked_by IS NOT NULL AND i.locked_until >= :now', {
        pending: InboxStatus.Pending,
        now: new Date(),
      })
      .getRawMany()) as { holder: string }[];
    let freed = 0;
    for (const { holder } of holders) {
      if (!isDeadLocalHolder(holder)) continue;
      const result = await this.rows.update(
        { status: InboxStatus.Pending, lockedBy: holder },
        { lockedUntil: null, lockedBy: null },
      );
      freed += result.affected ?? 0;
    }
    return freed;
  }

  /** Takes a lease on a row for `holder`; false when another dispatcher got there first. */
  async claim(id: string, leaseMs: number, holder: string): Promise<boolean> {
    const now = new Date();
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ lockedUntil: new Date(now.getTime() + leaseMs), lockedBy: holder })
      .where('id = :id AND status = :pending', { id, pending: InboxStatus.Pending })
      .andWhere('(locked_until IS NULL OR locked_until < :now)', { now })
      .execute();
    return result.affected === 1;
  }

  findById(id: string): Promise<InboxEntity | null> {
    return this.rows.findOneBy({ id });
  }

  async markDone(manager: EntityManager, id: string, attempts: number): Promise<void> {
    await manager.update(InboxEntity, id, {
      status: InboxStatus.Done,
      attempts,
      lockedUntil: null,
      lockedBy: null,
      lastError: null,
      lastErrorCode: null,
      lastErrorParams: null,
      processedAt: new Date(),
    });
  }

  async markFailed(
    id: string,
    attempts: number,
    failure: Failure,
    nextAttemptAt: Date | null,
  ): Promise<void> {
    await this.rows.update(id, {
      status: nextAttemptAt ? InboxStatus.Pending : InboxStatus.Parked,
      attempts,
      lockedUntil: null,
      lockedBy: null,
      lastError: failure.detail.slice(0, 1000),
      lastErrorCode: failure.code,
      lastErrorParams: { ...failure.params },
      nextAttemptAt,
    });
  }

  /** Puts parked rows back in the queue for a fresh set of attempts. */
  async requeue(ids: string[]): Promise<number> {
    const result = await this.rows.update(
      { id: In(ids), status: InboxStatus.Parked },
      {
        status: InboxStatus.Pending,
        attempts: 0,
        nextAttemptAt: new Date(),
        lockedUntil: null,
        lockedBy: null,
      },
    );
    return result.affected ?? 0;
  }

  async list(query: InboxQuery): Promise<{ items: InboxEntity[]; total: number }> {
    const [items, total] = await this.rows.findAndCount({
      where: { status: query.status },
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  async countByStatus(): Promise<Record<InboxStatus, number>> {
    const rows = (await this.rows
      .createQueryBuilder('i')
      .select('i.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('i.status')
      .getRawMany()) as { status: InboxStatus; count: string | number }[];
    const counts: Record<InboxStatus, number> = { pending: 0, done: 0, parked: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
