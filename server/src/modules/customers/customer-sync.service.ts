import type { ExternalContact, FollowInfo, WeComClient } from '@keeper/bot';
import {
  CustomerEventKind,
  ErrorCode,
  FailureCode,
  FollowStatus,
  SyncTrigger,
  type CustomerSyncSummary,
} from '@keeper/shared';
import type { DataSource } from 'typeorm';
import type { DomainEvents } from '../../events/domain-events';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import { failureOf, KnownFailure } from '../../jobs/failure';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import type { GroupsService } from '../groups/groups.service';
import type { SyncRuns } from '../../jobs/sync-runs';
import { requireCorpWide } from '../org/scope';
import type { TagsService } from '../tags/tags.service';
import { refreshArchiveConsent } from './archive-consent';
import { followSnapshotOf, type CustomerBook } from './customer-book';
import type { CustomersRepository } from './customers.repository';

export const CUSTOMER_SYNC_KIND = 'customers';
const LOCK = 'customer-sync';
const LEASE_MS = 30 * 60_000;
/** WeCom's limits for batch/get_by_user. */
const USERS_PER_CALL = 100;
const RELATIONS_PER_PAGE = 100;

/** The contract names each count, so the console has a label for every one. */
type Counts = CustomerSyncSummary;

/**
 * The reconciliation sync of design.md: tags, then every follow user's customers through
 * `batch/get_by_user`, then customer groups. It diffs WeCom against Keeper and writes only the differences,
 * each with the cause `sync` — the repair for callbacks that never arrived and for changes made elsewhere.
 */
export class CustomerSyncService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      customers: CustomersRepository;
      book: CustomerBook;
      tags: TagsService;
      groups: GroupsService;
      runs: SyncRuns;
      client: WeComClient | undefined;
      /** The chat-archive credential: consent to archiving is asked for each relation when it is configured. */
      archive: WeComClient | undefined;
      locks: JobLocks;
      domainEvents: DomainEvents;
      dataSource: DataSource;
      logger: Logger;
    },
  ) {}

  schedule(intervalMs: number, firstDelayMs = 5_000): void {
    const runQuietly = (trigger: SyncTrigger) =>
      this.deps.client
        ? this.run(trigger).catch((error: unknown) =>
            this.deps.logger.warn({ err: error }, 'customer sync failed'),
          )
        : undefined;
    setTimeout(() => void runQuietly(SyncTrigger.Startup), firstDelayMs).unref();
    this.timer = setInterval(() => void runQuietly(SyncTrigger.Schedule), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async start(trigger: SyncTrigger, requestedBy: Pick<AuthUser, 'scope'>): Promise<number> {
    // A sync rewrites every department's records to match WeCom.
    requireCorpWide(requestedBy, 'A customer sync');
    this.requireClient();
    const running = await this.deps.runs.latestSyncRun(CUSTOMER_SYNC_KIND);
    if (running?.status === 'running' && Date.now() - running.startedAt.getTime() < LEASE_MS) {
      throw new AppError(ErrorCode.Conflict, 'A customer sync is already running', {
        hint: 'Wait for it to finish.',
      });
    }
    const runId = await this.deps.runs.startSyncRun(CUSTOMER_SYNC_KIND, trigger);
    void this.execute(runId);
    return runId;
  }

  async run(trigger: SyncTrigger): Promise<number> {
    this.requireClient();
    const runId = await this.deps.runs.startSyncRun(CUSTOMER_SYNC_KIND, trigger);
    await this.execute(runId);
    return runId;
  }

  private requireClient(): WeComClient {
    if (!this.deps.client) {
      throw new AppError(ErrorCode.NotConfigured, 'WeCom is not configured', {
        hint: 'Set WECOM_CORP_ID and WECOM_CONTACT_SECRET.',
      });
    }
    return this.deps.client;
  }

  private async execute(runId: number): Promise<void> {
    const outcome = await this.deps.locks
      .runExclusive(LOCK, LEASE_MS, () => this.syncOnce(runId))
      .then(
        (counts) =>
          counts
            ? ({ status: 'succeeded', summary: { ...counts } } as const)
            : ({
                status: 'failed',
                failure: failureOf(
                  new KnownFailure(FailureCode.RunningElsewhere, 'Another process was syncing customers'),
                ),
              } as const),
        (error: unknown) => ({ status: 'failed', failure: failureOf(error) }) as const,
      );
    await this.deps.runs.finishSyncRun(runId, outcome);
    this.progress(runId, 'done', 1, 1);
    if (outcome.status === 'failed')
      this.deps.logger.warn({ runId, failure: outcome.failure }, 'customer sync failed');
    else this.deps.logger.info({ runId, ...outcome.summary }, 'customers synced');
  }

  private async syncOnce(runId: number): Promise<Counts> {
    const client = this.requireClient();
    const counts: Counts = {
      tags: 0,
      followUsers: 0,
      relations: 0,
      added: 0,
      edited: 0,
      removed: 0,
      skipped: 0,
      groups: 0,
      consentChanges: 0,
    };

    this.progress(runId, 'tags', 0, 1);
    counts.tags = (await this.deps.tags.refreshFromWeCom()).groups;

    const followUsers = [...(await client.listFollowUsers())];
    counts.followUsers = followUsers.length;
    for (let start = 0; start < followUsers.length; start += USERS_PER_CALL) {
      this.progress(runId, 'customers', start, followUsers.length);
      const chunk = followUsers.slice(start, start + USERS_PER_CALL);
      // Taken before the first page: whatever Keeper writes to these members' relations from now on (a
      // callback) is newer than the snapshot and must not be overwritten by it.
      const snapshotTakenAt = new Date();
      const relations = await this.fetchRelations(client, chunk);
      counts.relations += relations.length;
      await this.reconcileRelations(chunk, relations, snapshotTakenAt, counts);
    }

    this.progress(runId, 'groups', 0, 1);
    counts.groups = await this.reconcileGroups(client);
    if (this.deps.archive)
      counts.consentChanges = await refreshArchiveConsent(
        this.deps.dataSource,
        this.deps.archive,
        this.deps.book,
      );
    return counts;
  }

  private async fetchRelations(client: WeComClient, userIds: string[]) {
    const relations: { contact: ExternalContact; follow: FollowInfo }[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.batchGetCustomersByUser({
        userid_list: userIds,
        limit: RELATIONS_PER_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of page.external_contact_list)
        relations.push({ contact: item.external_contact, follow: item.follow_info });
      cursor = page.next_cursor || undefined;
    } while (cursor);
    return relations;
  }

  private async reconcileRelations(
    userIds: string[],
    relations: { contact: ExternalContact; follow: FollowInfo }[],
    snapshotTakenAt: Date,
    counts: Counts,
  ): Promise<void> {
    const { book, dataSource } = this.deps;
    const freshness = { snapshotTakenAt };
    const pair = (externalUserId: string, userId: string) => `${externalUserId}\u0000${userId}`;
    const seen = new Set(
      relations.map(({ contact, follow }) => pair(contact.external_userid, follow.userid)),
    );
    const known = await this.deps.customers.activeFollowsOf(userIds);
    // After a customer deletes a member WeCom keeps listing the one-way relation; it stays ended in Keeper.
    const oneWay = await this.deps.customers.deletedByCustomerOf(userIds);
    const current = relations.filter(
      ({ contact, follow }) => !oneWay.has(pair(contact.external_userid, follow.userid)),
    );
    const missing = known.filter((follow) => !seen.has(pair(follow.externalUserId, follow.userId)));
    // One transaction per slice keeps locks short on a large corp.
    for (let start = 0; start < current.length; start += 200) {
      await dataSource.transaction(async (manager) => {
        for (const { contact, follow } of current.slice(start, start + 200)) {
          await book.upsertProfile(manager, contact);
          const snapshot = followSnapshotOf(follow);
          const result = await book.recordFollow(
            manager,
            contact.external_userid,
            snapshot,
            {
              kind: CustomerEventKind.AddedBySync,
              occurredAt: snapshot.addedAt ?? snapshotTakenAt,
              detail: { via: 'sync', state: snapshot.state, addWay: snapshot.addWay },
            },
            freshness,
          );
          if (result === 'added') counts.added++;
          if (result === 'edited') counts.edited++;
          if (result === 'stale') counts.skipped++;
        }
      });
    }
    if (missing.length) {
      await dataSource.transaction(async (manager) => {
        for (const follow of missing) {
          const ended = await book.endFollow(
            manager,
            follow.externalUserId,
            follow.userId,
            FollowStatus.RemovedBySync,
            {
              kind: CustomerEventKind.RemovedBySync,
              occurredAt: snapshotTakenAt,
              detail: { via: 'sync' },
            },
            freshness,
          );
          if (ended === 'ended') counts.removed++;
          if (ended === 'stale') counts.skipped++;
        }
      });
    }
  }

  private async reconcileGroups(client: WeComClient): Promise<number> {
    const chatIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listGroupChats({ limit: 1000, ...(cursor ? { cursor } : {}) });
      chatIds.push(...page.group_chat_list.map((chat) => chat.chat_id));
      cursor = page.next_cursor || undefined;
    } while (cursor);
    const now = new Date();
    for (const chatId of chatIds) await this.deps.groups.refresh(chatId, now);
    const gone = await this.deps.groups.activeChatIdsExcept(chatIds);
    for (const chatId of gone) await this.deps.groups.dismiss(chatId, now);
    return chatIds.length;
  }

  private progress(
    runId: number,
    phase: 'tags' | 'customers' | 'groups' | 'done',
    processed: number,
    total: number,
  ): void {
    this.deps.domainEvents.publish('customers.sync_progress', { runId, phase, processed, total });
  }
}
