import { createHash, randomBytes } from 'node:crypto';
import { LessThan, type DataSource, type Repository } from 'typeorm';
import { SessionEntity } from './session.entity';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side sessions: revocable at once (sign-out, disabled account, new password). */
export class SessionService {
  private readonly sessions: Repository<SessionEntity>;

  constructor(
    dataSource: DataSource,
    private readonly ttlMs: number,
  ) {
    this.sessions = dataSource.getRepository(SessionEntity);
  }

  async create(userId: number, client: { ip: string; userAgent: string }): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('hex');
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.sessions.insert({
      tokenHash: hashSessionToken(token),
      userId,
      csrfToken,
      ip: client.ip.slice(0, 64),
      userAgent: client.userAgent.slice(0, 255) || null,
      expiresAt,
    });
    return { token, csrfToken, expiresAt };
  }

  /** The live session a cookie token stands for, or null. */
  async find(token: string): Promise<SessionEntity | null> {
    const session = await this.sessions.findOneBy({ tokenHash: hashSessionToken(token) });
    if (!session) return null;
    if (session.expiresAt.getTime() <= Date.now()) {
      await this.sessions.delete({ tokenHash: session.tokenHash });
      return null;
    }
    return session;
  }

  async destroy(tokenHash: string): Promise<void> {
    await this.sessions.delete({ tokenHash });
  }

  async destroyAllOf(userId: number): Promise<void> {
    await this.sessions.delete({ userId });
  }

  async countActive(): Promise<number> {
    return this.sessions.createQueryBuilder('s').where('s.expires_at > :now', { now: new Date() }).getCount();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}
