import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/config';
import { createLoginLimiter } from './login-limiter';

/** Scale-out: every node counts failures in the same Redis, so a second node sees the first one's block. */
describe('login limiter on Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.KEEPER_TEST_REDIS ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });
  afterAll(() => redis.quit());

  it('shares the failure count between two limiters', async () => {
    const auth = parseConfig({ LOGIN_MAX_FAILURES: '3' }).auth;
    const nodeA = createLoginLimiter(auth, redis);
    const nodeB = createLoginLimiter(auth, redis);
    const username = `user-${process.pid}-${Date.now()}`;
    await nodeA.recordFailure(username, '192.0.2.1');
    await nodeB.recordFailure(username, '192.0.2.2');
    expect(await nodeA.waitBeforeAttempt(username, '192.0.2.3')).toBe(0);
    await nodeA.recordFailure(username, '192.0.2.1');
    expect(await nodeB.waitBeforeAttempt(username, '192.0.2.3')).toBeGreaterThan(14 * 60_000);
    await nodeB.recordSuccess(username);
    expect(await nodeA.waitBeforeAttempt(username, '192.0.2.3')).toBe(0);
  });
});
