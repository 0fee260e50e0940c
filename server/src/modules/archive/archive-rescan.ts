import { ErrorCode, RescanStatus, type RescanJob } from '@keeper/shared';
import { In, type DataSource, type Repository } from 'typeorm';
import type { DomainEvents } from '../../events/domain-events';
import { AppError, notFound } from '../../http/app-error';
import { failureOf, storedFailureIfAny } from '../../jobs/failure';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import type { AuthUser } from '../../http/context';
import { requireCorpWide } from '../org/scope';
import { ArchiveMessageEntity, RescanJobEntity } from './archive.entity';
import type { ChatRules, ChatViolations } from './chat-audit';
import { applyRules, conversationKinds, forRules, membersAmong } from './rule-hits';

const LOCK = 'archive-rescan';
const LEASE_MS = 120_000;
const BATCH = 1_000;
/** How often a process that runs jobs looks for re-scans queued by another (HTTP-only) process. */
const POLL_MS = 10_000;
export const MAX_RESCAN_DAYS = 31;
const UNFINISHED = [RescanStatus.Queued, RescanStatus.Running];

/**
 * Re-scans of archived messages against today's rules (after a rule was added or changed), as jobs in the
 * database: the request queues one and returns; a background runner works through it batch by batch, one
 * process at a time (a lease), each batch with its hits and the job's cursor in one transaction. A job stopped
 * anywhere resumes from its last batch; a hit already recorded is never recorded twice.
 */
export class ArchiveRescans {
  private readonly jobs: Repository<RescanJobEntity>;
  private readonly runner = new CoalescingRunner(
    () => this.runQueued(),
    (error) => this.deps.logger.warn({ err: error }, 'rescan run failed'),
  );

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      rules: ChatRules;
      violations: Pick<ChatViolations, 'record'>;
      locks: JobLocks;
      domainEvents: DomainEvents;
      logger: Logger;
      batchSize?: number;
    },
  ) {
    this.jobs = deps.dataSource.getRepository(RescanJobEntity);
  }

  /** Runs queued jobs when nudged and, for jobs queued by other processes, on a timer. */
  schedule(intervalMs = POLL_MS): void {
    this.runner.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /**
   * Queues a re-scan of [from, to) and returns at once. Asking again for the same period while its job is
   * queued or running returns that job instead of a second one. Re-scanning judges every department's chats,
   * so it needs an account that sees the whole corp.
   */
  async start(from: Date, to: Date, requester: Pick<AuthUser, 'username' | 'scope'>): Promise<RescanJob> {
    requireCorpWide(requester, 'A re-scan');
    if (to <= from || to.getTime() - from.getTime() > MAX_RESCAN_DAYS * 86_400_000) {
      throw new AppError(ErrorCode.ValidationFailed, `Choose a period of at most ${MAX_RESCAN_DAYS} days`);
    }
    const same = await this.jobs.findOne({
      where: { fromTime: from, toTime: to, status: In(UNFINISHED) },
      order: { id: 'ASC' },
    });
    if (same) return toRescanJob(same);
    const total = await this.deps.dataSource
      .getRepository(ArchiveMessageEntity)
      .createQueryBuilder('a')
      .where('a.msgtime >= :from AND a.msgtime < :to', { from, to })
      .getCount();
    const { identifiers } = await this.jobs.insert({
      fromTime: from,
      toTime: to,
      status: RescanStatus.Queued,
      afterId: '0',
      total,
      scanned: 0,
      created: 0,
      error: null,
      requestedBy: requester.username,
      finishedAt: null,
    });
    this.runner.nudge();
    return this.get(String(identifiers[0]?.id));
  }

  async get(id: string): Promise<RescanJob> {
    const job = await this.jobs.findOneBy({ id: Number(id) });
    if (!job) throw notFound('Rescan');
    return toRescanJob(job);
  }

  /** The latest jobs, newest first (the console shows the one running and what the last ones found). */
  async recent(limit = 10): Promise<RescanJob[]> {
    return (await this.jobs.find({ order: { id: 'DESC' }, take: limit })).map(toRescanJob);
  }

  /** Works through every queued or interrupted job, oldest first; returns at once if another process is at it. */
  async runQueued(): Promise<void> {
    // The timer asks every few seconds: look before taking the lease, which costs writes.
    if (!(await this.jobs.exists({ where: { status: In(UNFINISHED) } }))) return;
    await this.deps.locks.runExclusive(LOCK, LEASE_MS, async () => {
      for (;;) {
        const job = await this.jobs.findOne({ where: { status: In(UNFINISHED) }, order: { id: 'ASC' } });
        if (!job) return;
        await this.run(job);
      }
    });
  }

  private async run(job: RescanJobEntity): Promise<void> {
    const { dataSource, logger } = this.deps;
    const progress = { afterId: job.afterId, scanned: job.scanned, created: job.created };
    try {
      if (job.status === RescanStatus.Queued)
        await this.jobs.update(job.id, { status: RescanStatus.Running });
      for (;;) {
        // Asked per batch: a rule edited while the job runs applies from the next batch on.
        const matcher = await this.deps.rules.matcher();
        const batch = await dataSource
          .getRepository(ArchiveMessageEntity)
          .createQueryBuilder('a')
          .where('a.msgtime >= :from AND a.msgtime < :to AND a.id > :afterId', {
            from: job.fromTime,
            to: job.toTime,
            afterId: progress.afterId,
          })
          .orderBy('a.id', 'ASC')
          .limit(this.deps.batchSize ?? BATCH)
          .getMany();
        if (batch.length === 0) break;
        const recorded = await dataSource.transaction(async (manager) => {
          const departmentsOf = await membersAmong(manager, new Set(batch.map((m) => m.senderId)));
          const kindOf = await conversationKinds(
            manager,
            [],
            batch.map((message) => String(message.conversationId)),
          );
          const hits = await applyRules(
            manager,
            matcher,
            this.deps.violations,
            batch.map((message) => forRules(String(message.id), message, kindOf, departmentsOf)),
          );
          const next = {
            afterId: String(batch[batch.length - 1]!.id),
            scanned: progress.scanned + batch.length,
            created: progress.created + hits.length,
          };
          await manager.update(RescanJobEntity, job.id, next);
          Object.assign(progress, next);
          return hits;
        });
        for (const violation of recorded) {
          this.deps.domainEvents.publish('violation.created', {
            violationId: violation.id,
            memberId: violation.memberId,
          });
        }
      }
      await this.jobs.update(job.id, { status: RescanStatus.Done, finishedAt: new Date() });
    } catch (error) {
      const failure = failureOf(error);
      logger.warn({ err: error, jobId: job.id, code: failure.code }, 'rescan failed');
      await this.jobs
        .update(job.id, {
          status: RescanStatus.Failed,
          error: failure.detail.slice(0, 500),
          errorCode: failure.code,
          errorParams: { ...failure.params },
          finishedAt: new Date(),
        })
        .catch(() => undefined);
    }
  }
}

function toRescanJob(job: RescanJobEntity): RescanJob {
  return {
    id: String(job.id),
    from: job.fromTime.toISOString(),
    to: job.toTime.toISOString(),
    status: job.status,
    total: job.total,
    scanned: job.scanned,
    created: job.created,
    failure: storedFailureIfAny(job.errorCode, job.errorParams, job.error),
    requestedBy: job.requestedBy,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
