import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from './redis-rate-limiter';

const REDIS_URL = process.env.KEEPER_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** Scale-out: WeCom counts a corp's calls, so every Keeper process draws on one budget kept in Redis. */
describe('WeCom rate limit on Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => redis.quit());

  const uniqueKey = () => `wwcorp-${process.pid}-${Date.now()} /cgi-bin/user/get`;

  it('lets two processes together make only the budget of calls a window, and the rest in the next one', async () => {
    const limit = { tokensPerInterval: 5, intervalMs: 1000 };
    const processA = new RedisRateLimiter(redis, limit);
    const processB = new RedisRateLimiter(redis, limit);
    const key = uniqueKey();
    let allowed = 0;
    const calls = Array.from({ length: 8 }, (_, index) =>
      (index % 2 ? processA : processB).acquire(key).then(() => (allowed += 1)),
    );

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(allowed).toBe(5);
    await Promise.all(calls);
    expect(allowed).toBe(8);
  });

  it('stops waiting when the caller gives up', async () => {
    const limiter = new RedisRateLimiter(redis, { tokensPerInterval: 1, intervalMs: 60_000 });
    const key = uniqueKey();
    await limiter.acquire(key);

    const controller = new AbortController();
    const waiting = limiter.acquire(key, controller.signal);
    controller.abort();

    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps each process within the budget on its own while Redis is unreachable', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    unreachable.on('error', () => undefined); // refused connections are the point here
    const limiter = new RedisRateLimiter(unreachable, { tokensPerInterval: 2, intervalMs: 60_000 });
    const key = uniqueKey();
    const giveUp = new AbortController();
    try {
      await limiter.acquire(key);
      await limiter.acquire(key);
      let third = false;
      limiter.acquire(key, giveUp.signal).then(
        () => (third = true),
        () => undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(third).toBe(false);
    } finally {
      giveUp.abort();
      unreachable.disconnect();
    }
  });
});
