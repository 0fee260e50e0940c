import type { CachedToken, TokenStore } from '@keeper/bot';
import type { Redis } from 'ioredis';
import type { DataSource, Repository } from 'typeorm';
import { WeComTokenEntity } from './wecom-state.entity';

/** Access tokens in the database: every process of an embedded or single-node install shares them. */
export class DatabaseTokenStore implements TokenStore {
  private readonly tokens: Repository<WeComTokenEntity>;

  constructor(dataSource: DataSource) {
    this.tokens = dataSource.getRepository(WeComTokenEntity);
  }

  async get(key: string): Promise<CachedToken | null> {
    const row = await this.tokens.findOneBy({ cacheKey: key });
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    return { token: row.token, expiresAt: row.expiresAt.getTime() };
  }

  async set(key: string, value: CachedToken): Promise<void> {
    await this.tokens.upsert({ cacheKey: key, token: value.token, expiresAt: new Date(value.expiresAt) }, [
      'cacheKey',
    ]);
  }

  async delete(key: string): Promise<void> {
    await this.tokens.delete({ cacheKey: key });
  }
}

/** Access tokens in Redis, for scale-out: N processes, one token per secret. */
export class RedisTokenStore implements TokenStore {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<CachedToken | null> {
    const raw = await this.redis.get(`keeper:wecom-token:${key}`);
    return raw ? (JSON.parse(raw) as CachedToken) : null;
  }

  async set(key: string, value: CachedToken, ttlMs: number): Promise<void> {
    await this.redis.set(
      `keeper:wecom-token:${key}`,
      JSON.stringify(value),
      'PX',
      Math.max(1, Math.floor(ttlMs)),
    );
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`keeper:wecom-token:${key}`);
  }
}
