import type { WeComClient } from '@keeper/bot';
import { ErrorCode, FailureCode, MemberStatus, SyncTrigger } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import { failureOf, KnownFailure } from '../../jobs/failure';
import type { JobLocks } from '../../jobs/job-lock';
import type { SyncRuns } from '../../jobs/sync-runs';
import type { Logger } from '../../logger';
import { memberFromDirectory } from './member-mapping';
import type { DepartmentRecord, MemberRecord, OrgRepository } from './org.repository';
import { requireCorpWide } from './scope';

const LOCK = 'org-sync';
const LEASE_MS = 10 * 60_000;
export const ORG_SYNC_KIND = 'organisation';

/**
 * The organisation from WeCom's directory API into Keeper: departments and members, diffed against what
 * Keeper has. A member WeCom no longer lists becomes `departed` with the time — never deleted.
 */
export class OrgSyncService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: OrgRepository,
    private readonly runs: SyncRuns,
    private readonly client: WeComClient | undefined,
    private readonly locks: JobLocks,
    private readonly domainEvents: DomainEvents,
    private readonly logger: Logger,
  ) {}

  /** Runs now and then every `intervalMs`. */
  schedule(intervalMs: number): void {
    void this.runQuietly(SyncTrigger.Startup);
    this.timer = setInterval(() => void this.runQuietly(SyncTrigger.Schedule), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Starts a sync and returns its run id at once; the run finishes in the background. Refuses when
   * another sync (in any process) is running.
   */
  async start(trigger: SyncTrigger, requestedBy: Pick<AuthUser, 'scope'>): Promise<number> {
    // A sync rewrites every department's records to match WeCom.
    requireCorpWide(requestedBy, 'An organisation sync');
    this.requireClient();
    const running = await this.runs.latestSyncRun(ORG_SYNC_KIND);
    if (running?.status === 'running' && Date.now() - running.startedAt.getTime() < LEASE_MS) {
      throw new AppError(ErrorCode.Conflict, 'An organisation sync is already running', {
        hint: 'Wait for it to finish.',
      });
    }
    const runId = await this.runs.startSyncRun(ORG_SYNC_KIND, trigger);
    void this.execute(runId, trigger);
    return runId;
  }

  /** Runs a whole sync and resolves when it is done (scheduled runs and tests). */
  async run(trigger: SyncTrigger): Promise<number | null> {
    this.requireClient();
    const runId = await this.runs.startSyncRun(ORG_SYNC_KIND, trigger);
    await this.execute(runId, trigger);
    return runId;
  }

  private async runQuietly(trigger: SyncTrigger): Promise<void> {
    if (!this.client) return;
    await this.run(trigger).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'organisation sync failed'),
    );
  }

  private requireClient(): WeComClient {
    if (!this.client) {
      throw new AppError(ErrorCode.NotConfigured, 'WeCom is not configured', {
        hint: 'Set WECOM_CORP_ID and WECOM_CONTACT_SECRET.',
      });
    }
    return this.client;
  }

  private async execute(runId: number, trigger: SyncTrigger): Promise<void> {
    const outcome = await this.locks
      .runExclusive(LOCK, LEASE_MS, () => this.syncOnce())
      .then(
        (summary) =>
          summary
            ? ({ status: 'succeeded', summary } as const)
            : ({
                status: 'failed',
                failure: failureOf(
                  new KnownFailure(
                    FailureCode.RunningElsewhere,
                    'Another process was syncing the organisation',
                  ),
                ),
              } as const),
        (error: unknown) => ({ status: 'failed', failure: failureOf(error) }) as const,
      );
    await this.runs.finishSyncRun(runId, outcome);
    if (outcome.status === 'failed')
      this.logger.warn({ runId, failure: outcome.failure }, 'organisation sync failed');
    else this.logger.info({ runId, ...outcome.summary }, 'organisation synced');
    this.domainEvents.publish('org.synced', { runId, trigger, status: outcome.status });
  }

  private async syncOnce(): Promise<Record<string, number>> {
    const client = this.requireClient();
    const departments: DepartmentRecord[] = (await client.listDepartments()).map((department) => ({
      id: String(department.id),
      name: department.name ?? String(department.id),
      parentId: department.parentid ? String(department.parentid) : null,
      order: department.order ?? 0,
    }));
    if (departments.length === 0) {
      throw new KnownFailure(
        FailureCode.NoDepartmentsVisible,
        "WeCom listed no departments: check the app's visible range (可见范围)",
      );
    }
    const members = new Map<string, MemberRecord>();
    for (const department of departments) {
      for (const user of await client.listUsers(Number(department.id))) {
        if (!members.has(user.userid)) members.set(user.userid, memberFromDirectory(user));
      }
    }
    // An empty directory means lost visibility, not a company that left: departing everyone would be wrong.
    if (members.size === 0 && (await this.repository.activeMemberCount()) > 0) {
      throw new KnownFailure(
        FailureCode.NoMembersVisible,
        "WeCom listed no members: check the app's visible range (可见范围); nobody was marked departed",
      );
    }
    const now = new Date();
    const listed = [...members.values()];
    const present = listed.filter((member) => member.status !== MemberStatus.Departed);
    const listedAsLeft = listed.filter((member) => member.status === MemberStatus.Departed);
    const departed = await this.repository.transaction(async (manager) => {
      await this.repository.upsertDepartments(manager, departments);
      await this.repository.markDepartmentsDeleted(manager, { exceptIds: departments.map((d) => d.id) });
      await this.repository.upsertMembers(manager, present);
      // Everyone Keeper knows who is no longer present leaves now (their departure time is kept if already set).
      const gone = await this.repository.markDeparted(
        manager,
        { exceptIds: present.map((m) => m.userId) },
        now,
      );
      const known = new Set(
        await this.repository.existingUserIds(
          manager,
          listedAsLeft.map((m) => m.userId),
        ),
      );
      await this.repository.upsertMembers(
        manager,
        listedAsLeft.filter((member) => !known.has(member.userId)),
      );
      return gone;
    });
    for (const member of departed) {
      this.domainEvents.publish('org.member_departed', {
        userId: member.userId,
        name: member.name,
        departedAt: now.toISOString(),
      });
    }
    return { departments: departments.length, members: members.size, departed: departed.length };
  }
}
