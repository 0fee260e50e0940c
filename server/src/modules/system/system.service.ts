import type { Health, RunMode, SystemStatus } from '@keeper/shared';
import type { DataSource } from 'typeorm';
import type { Dialect } from '../../db/dialect';
import type { SessionService } from '../auth/session.service';
import type { UsersService } from '../users/users.service';

export interface SystemInfo {
  version: string;
  mode: RunMode;
  dialect: Dialect;
  startedAt: Date;
  wecom: { corpId: string | null; callbackConfigured: boolean };
}

const PING_DEADLINE_MS = 1_500;

/** Health for load balancers and the status the home page shows; both read real state. */
export class SystemService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly info: SystemInfo,
  ) {}

  /**
   * A database that does not answer within `PING_DEADLINE_MS` counts as down: load balancers ask /healthz with
   * short timeouts, and a ping stuck behind hung connections must not hang the answer with it.
   */
  async pingDatabase(): Promise<{ ok: boolean; latencyMs: number }> {
    const started = performance.now();
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      deadline = setTimeout(() => resolve(false), PING_DEADLINE_MS);
    });
    const answered = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([answered, timedOut]);
    clearTimeout(deadline);
    return { ok, latencyMs: round(performance.now() - started) };
  }

  async health(): Promise<Health> {
    const database = await this.pingDatabase();
    return { status: database.ok ? 'ok' : 'degraded', checks: { database: database.ok ? 'ok' : 'down' } };
  }

  async status(): Promise<SystemStatus> {
    const [database, users, activeSessions] = await Promise.all([
      this.pingDatabase(),
      this.users.count(),
      this.sessions.countActive(),
    ]);
    return {
      version: this.info.version,
      mode: this.info.mode,
      database: { dialect: this.info.dialect, ...database },
      startedAt: this.info.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.info.startedAt.getTime()) / 1000),
      nodeVersion: process.version,
      counts: { users, activeSessions },
      wecom: this.info.wecom,
    };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
