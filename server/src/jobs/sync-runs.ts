import type { Failure } from '@keeper/shared';
import type { DataSource, Repository } from 'typeorm';
import { SyncRunEntity } from './sync-run.entity';

/** The record of every sync run (organisation, customers): when, why, and how it ended. */
export class SyncRuns {
  private readonly syncRuns: Repository<SyncRunEntity>;

  constructor(dataSource: DataSource) {
    this.syncRuns = dataSource.getRepository(SyncRunEntity);
  }

  latestSyncRun(kind: string): Promise<SyncRunEntity | null> {
    return this.syncRuns.findOne({ where: { kind }, order: { id: 'DESC' } });
  }

  async startSyncRun(kind: string, trigger: SyncRunEntity['trigger']): Promise<number> {
    const row: Omit<SyncRunEntity, 'id'> = {
      kind,
      trigger,
      status: 'running',
      startedAt: new Date(),
      finishedAt: null,
      summary: null,
      error: null,
      errorCode: null,
      errorParams: null,
    };
    const result = await this.syncRuns.insert(row);
    return Number(result.identifiers[0]?.id);
  }

  async finishSyncRun(
    id: number,
    outcome:
      { status: 'succeeded'; summary: Record<string, number> } | { status: 'failed'; failure: Failure },
  ): Promise<void> {
    const failure = outcome.status === 'failed' ? outcome.failure : null;
    await this.syncRuns.update(id, {
      status: outcome.status,
      finishedAt: new Date(),
      summary: outcome.status === 'succeeded' ? outcome.summary : null,
      error: failure?.detail.slice(0, 1000) ?? null,
      errorCode: failure?.code ?? null,
      errorParams: failure ? { ...failure.params } : null,
    });
  }
}
