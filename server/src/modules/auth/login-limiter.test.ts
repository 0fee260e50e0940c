import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/config';
import { createLoginLimiter, type LoginLimiter } from './login-limiter';

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
    const wrongPassword = async (node: LoginLimiter, ip: string) => {
      expect(await node.takeAttempt(username, ip)).toMatchObject({ allowed: true });
    };
    await wrongPassword(nodeA, '192.0.2.1');
    await wrongPassword(nodeB, '192.0.2.2');
    await wrongPassword(nodeA, '192.0.2.1');
    const refused = await nodeB.takeAttempt(username, '192.0.2.3');
    expect(refused).toEqual({ allowed: false, waitMs: expect.any(Number) });
    expect(refused.allowed ? 0 : refused.waitMs).toBeGreaterThan(14 * 60_000);

    // A store that fails refuses the sign-in rather than letting it through uncounted.
    const redisDown = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true });
    redisDown.on('error', () => undefined);
    await expect(createLoginLimiter(auth, redisDown).takeAttempt(username, '192.0.2.4')).rejects.toThrow();
    redisDown.disconnect();
  });

  it('ends the row of failures on a right password, on any node', async () => {
    const auth = parseConfig({ LOGIN_MAX_FAILURES: '2' }).auth;
    const nodeA = createLoginLimiter(auth, redis);
    const nodeB = createLoginLimiter(auth, redis);
    const username = `user-${process.pid}-${Date.now()}`;
    await nodeA.takeAttempt(username, '192.0.2.5');
    const right = await nodeB.takeAttempt(username, '192.0.2.5');
    if (!right.allowed) throw new Error('the second attempt is within the limit');
    await right.attempt.passwordAccepted();
    await nodeA.takeAttempt(username, '192.0.2.5');
    expect(await nodeB.takeAttempt(username, '192.0.2.5')).toMatchObject({ allowed: true });
    expect(await nodeA.takeAttempt(username, '192.0.2.5')).toMatchObject({ allowed: false });
  });
});
