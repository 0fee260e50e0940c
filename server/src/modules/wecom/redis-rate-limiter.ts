import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RATE_LIMIT, type RateLimit, type RateLimiter } from '@keeper/bot';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * WeCom's call budget per corp and API, shared by every Keeper process through Redis (scale-out): WeCom counts
 * the corp's calls, not one process's, so N processes with their own buckets could together trip 45009 and be
 * blocked. A fixed window per key (rate-limiter-flexible); a caller over budget waits for the window to end.
 * When Redis fails, each process falls back to a budget of its own rather than stopping every WeCom call.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, limit: RateLimit = DEFAULT_RATE_LIMIT) {
    if (limit.intervalMs % 1000 !== 0) throw new RangeError('the Redis rate limit counts whole seconds');
    const window = {
      keyPrefix: 'keeper:wecom-rate',
      points: limit.tokensPerInterval,
      duration: limit.intervalMs / 1000,
    };
    this.limiter = new RateLimiterRedis({
      ...window,
      storeClient: redis,
      insuranceLimiter: new RateLimiterMemory(window),
    });
  }

  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      try {
        await this.limiter.consume(key);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        await sleep(Math.max(1, rejection.msBeforeNext), undefined, { signal });
      }
    }
  }
}
