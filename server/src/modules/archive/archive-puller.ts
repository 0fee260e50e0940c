import {
  normalizeArchiveMessage,
  UnknownKeyVersionError,
  type DecryptedChatItem,
  type FinanceSdkClient,
  type NormalizedArchiveMessage,
} from '@keeper/bot';
import { IsNull, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { Failure } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import { failureOf } from '../../jobs/failure';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import { ArchiveStateEntity } from './archive.entity';
import { ARCHIVE_STATE, ingestPage } from './archive-ingest';
import type { ChatRules, ChatViolations } from './chat-audit';

const LOCK = 'archive-puller';
const LEASE_MS = 120_000;
/** GetChatData's maximum. */
export const ARCHIVE_PAGE_SIZE = 1000;
/** Pages fetched and queued for decryption beyond the one being written. */
const READ_AHEAD_PAGES = 2;
/**
 * A stall: WeCom announced news this many times, the first at least STALL_AFTER_MS ago, and every pull after
 * the checkpoint came back empty. One or two unanswered notifies happen when a timed pull fetched the news
 * before its notify arrived; three in minutes, with not one page, do not.
 */
export const STALL_NOTIFIES = 3;
export const STALL_AFTER_MS = 5 * 60_000;

export interface ArchiveStall {
  since: Date;
  notifies: number;
}

interface Park {
  seq: string;
  msgid: string;
  failure: Failure;
}

interface PulledPage {
  afterSeq: string;
  fetched: number;
  lastSeq: string;
  decrypted: Promise<DecryptedChatItem[]>;
}

interface PreparedPage {
  good: NormalizedArchiveMessage[];
  park: Park | null;
  /** The checkpoint this page moves to: its last message that decrypted. */
  checkpoint: string;
}

/**
 * Pulls the chat archive: one process at a time (a lease; a second waits its turn), pages of ≤1000 after the
 * checkpoint, decryption in the SDK host's worker threads, then one transaction per page. A message that
 * cannot be decrypted parks the puller at its seq with the reason — nothing is skipped silently.
 */
export class ArchivePuller {
  private readonly states: Repository<ArchiveStateEntity>;
  private readonly runner = new CoalescingRunner(
    () => this.pullUntilCaughtUp(),
    async (error) => {
      const failure = failureOf(error);
      this.deps.logger.warn({ err: error, code: failure.code }, 'archive pull failed');
      await this.states
        .update(
          { name: ARCHIVE_STATE },
          {
            lastError: failure.detail.slice(0, 500),
            lastErrorCode: failure.code,
            lastErrorParams: { ...failure.params },
          },
        )
        .catch(() => undefined);
    },
  );
  /** Pulls in this process run one after another (the lease only keeps other processes out). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      sdk: FinanceSdkClient | undefined;
      keyVersions: number[];
      rules: ChatRules;
      violations: Pick<ChatViolations, 'record'>;
      locks: JobLocks;
      domainEvents: DomainEvents;
      logger: Logger;
      pageSize?: number;
    },
  ) {
    this.states = deps.dataSource.getRepository(ArchiveStateEntity);
  }

  get configured(): boolean {
    return this.deps.sdk !== undefined;
  }

  /** Pulls on a timer (WeCom's msgaudit_notify is best-effort and silent when idle) and when nudged. */
  schedule(intervalMs: number): void {
    if (this.deps.sdk) this.runner.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Asks for a pull soon (msgaudit_notify arrived, or an admin resumed). */
  nudge(): void {
    this.runner.nudge();
  }

  /** Pulls page after page until WeCom has nothing newer; null when another process holds the lease. */
  pullUntilCaughtUp(): Promise<{ pages: number; inserted: number } | null> {
    const run = this.queue.then(() => this.pullExclusively());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Pulls every page after the checkpoint, committing them strictly in order. */
  private pullExclusively(): Promise<{ pages: number; inserted: number } | null> {
    return this.deps.locks.runExclusive(LOCK, LEASE_MS, async () => {
      const state = await this.state();
      if (state.parkedSeq) return { pages: 0, inserted: 0 };
      let pages = 0;
      let inserted = 0;
      for await (const page of this.pagesAfter(state.checkpointSeq)) {
        inserted += await this.commit(page);
        pages++;
      }
      if (pages === 0) {
        await this.states.update(
          { name: ARCHIVE_STATE },
          {
            lastPullAt: new Date(),
            lastPulled: 0,
            lastError: null,
            lastErrorCode: null,
            lastErrorParams: null,
          },
        );
        const stall = this.stallOf(await this.state());
        if (stall) {
          this.deps.logger.warn(
            { checkpointSeq: state.checkpointSeq, notifies: stall.notifies, since: stall.since },
            'archive stalled: WeCom announces messages but none come after the checkpoint',
          );
          // Open consoles show the warning without a reload.
          this.deps.domainEvents.publish('archive.pulled', { inserted: 0, parked: false });
        }
      }
      return { pages, inserted };
    });
  }

  /**
   * The pages after `afterSeq`, in order, read ahead: while one page is being written, the next ones are already
   * fetched and queued for decryption, so the decrypt threads (the cost of archiving) never wait for a
   * transaction or a GetChatData round trip. Fetches run one after another (each starts at the previous page's
   * last seq); the pages read ahead are dropped when the caller stops, a page parks or one fails.
   */
  private async *pagesAfter(afterSeq: string): AsyncGenerator<PreparedPage> {
    const pageSize = this.deps.pageSize ?? ARCHIVE_PAGE_SIZE;
    const ahead: Promise<PreparedPage | null>[] = [];
    let pulled: Promise<PulledPage | null> = this.pull(afterSeq);
    const readAhead = () => {
      const page = pulled.then((p) => p && p.decrypted.then((items) => this.prepare(p.afterSeq, items)));
      const next = pulled.then((p) => (p && p.fetched === pageSize ? this.pull(p.lastSeq) : null));
      // Awaited in turn, or dropped: neither may become an unhandled rejection meanwhile.
      page.catch(() => undefined);
      next.catch(() => undefined);
      ahead.push(page);
      pulled = next;
    };
    for (;;) {
      while (ahead.length < READ_AHEAD_PAGES) readAhead();
      const page = await ahead.shift()!;
      if (!page) return;
      yield page;
      if (page.park) return;
    }
  }

  /** Asks for the page after `afterSeq`; resolves when WeCom answered, with its decryption under way. */
  private async pull(afterSeq: string): Promise<PulledPage | null> {
    const { page, decrypted } = this.deps.sdk!.pullChatData(
      afterSeq,
      this.deps.pageSize ?? ARCHIVE_PAGE_SIZE,
    );
    const { fetched, lastSeq } = await page;
    return lastSeq === null ? null : { afterSeq, fetched, lastSeq, decrypted };
  }

  /**
   * Counts a msgaudit_notify in the handler's transaction (a redelivered callback is not counted twice); the
   * next page received clears the count.
   */
  async recordNotify(manager: EntityManager, receivedAt: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ArchiveStateEntity)
      .values({ name: ARCHIVE_STATE, checkpointSeq: '0', lastPulled: 0 })
      .orIgnore()
      .execute();
    await manager.increment(ArchiveStateEntity, { name: ARCHIVE_STATE }, 'unansweredNotifies', 1);
    await manager.update(
      ArchiveStateEntity,
      { name: ARCHIVE_STATE, notifiedSince: IsNull() },
      { notifiedSince: receivedAt },
    );
  }

  /** WeCom keeps saying there is news while nothing comes after the checkpoint (see STALL_NOTIFIES). */
  stallOf(state: ArchiveStateEntity, now = new Date()): ArchiveStall | null {
    if (!this.configured || state.parkedSeq || !state.notifiedSince) return null;
    if (state.unansweredNotifies < STALL_NOTIFIES) return null;
    if (now.getTime() - state.notifiedSince.getTime() < STALL_AFTER_MS) return null;
    return { since: state.notifiedSince, notifies: state.unansweredNotifies };
  }

  /** Clears a park after the cause was fixed (e.g. the missing key version was added) and pulls again. */
  async resume(): Promise<void> {
    await this.states.update(
      { name: ARCHIVE_STATE },
      {
        parkedSeq: null,
        parkedMsgid: null,
        parkedReason: null,
        parkedCode: null,
        parkedParams: null,
        parkedAt: null,
      },
    );
    this.nudge();
  }

  async state(): Promise<ArchiveStateEntity> {
    const existing = await this.states.findOneBy({ name: ARCHIVE_STATE });
    if (existing) return existing;
    await this.states
      .insert({ name: ARCHIVE_STATE, checkpointSeq: '0', lastPulled: 0 })
      .catch(() => undefined);
    return (await this.states.findOneBy({ name: ARCHIVE_STATE }))!;
  }

  /** Normalises a decrypted page, up to the first message that cannot be archived. */
  private prepare(afterSeq: string, decrypted: DecryptedChatItem[]): PreparedPage {
    const good: NormalizedArchiveMessage[] = [];
    let park: Park | null = null;
    for (const item of decrypted) {
      if (!item.ok) {
        park = { seq: item.seq, msgid: item.msgid, failure: this.describe(item.error) };
        break;
      }
      try {
        good.push(normalizeArchiveMessage(item.seq, item.message, item.text));
      } catch (error) {
        park = { seq: item.seq, msgid: item.msgid, failure: failureOf(error) };
        break;
      }
    }
    return {
      good,
      park,
      checkpoint: good.length ? good[good.length - 1]!.seq : afterSeq,
    };
  }

  /** Writes a prepared page in one transaction and announces what it added; returns the number of new messages. */
  private async commit(page: PreparedPage): Promise<number> {
    const { park } = page;
    const matcher = await this.deps.rules.matcher();
    const result = await this.deps.dataSource.transaction(async (manager) => {
      const ingested = await ingestPage(manager, page.good, matcher, page.checkpoint, this.deps.violations);
      if (park) {
        await manager.update(
          ArchiveStateEntity,
          { name: ARCHIVE_STATE },
          {
            parkedSeq: park.seq,
            parkedMsgid: park.msgid,
            parkedReason: park.failure.detail.slice(0, 500),
            parkedCode: park.failure.code,
            parkedParams: { ...park.failure.params },
            parkedAt: new Date(),
          },
        );
      }
      return ingested;
    });
    if (park)
      this.deps.logger.error(
        { seq: park.seq, msgid: park.msgid, code: park.failure.code, reason: park.failure.detail },
        'archive puller parked',
      );
    for (const violation of result.violations) {
      this.deps.domainEvents.publish('violation.created', {
        violationId: violation.id,
        memberId: violation.memberId,
      });
    }
    for (const conversationId of result.conversationIds) {
      this.deps.domainEvents.publish('archive.conversation_grew', { conversationId });
    }
    this.deps.domainEvents.publish('archive.pulled', { inserted: result.inserted, parked: park !== null });
    return result.inserted;
  }

  /** A message that could not be decrypted; for a missing key, the detail names the versions Keeper has. */
  private describe(error: Error): Failure {
    const failure = failureOf(error);
    if (error instanceof UnknownKeyVersionError) {
      const configured = this.deps.keyVersions.join(', ') || 'none';
      failure.detail = `No private key for publickey_ver ${error.version} (configured: ${configured}). Add it to WECOM_ARCHIVE_PRIVATE_KEYS, restart Keeper, then resume.`;
    }
    return failure;
  }
}
