import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../config/config';

export interface LoginLimiter {
  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  waitBeforeAttempt(username: string, ip: string): Promise<number>;
  recordFailure(username: string, ip: string): Promise<void>;
  recordSuccess(username: string): Promise<void>;
}

/**
 * Counts failed sign-ins per account and per IP (in Redis when configured, so every node sees the same
 * counts). Once an account or IP reaches its limit it waits until the window ends; a success clears the
 * account's count, so the limit means "N wrong passwords in a row".
 */
export function createLoginLimiter(auth: Config['auth'], redis?: Redis): LoginLimiter {
  const windowSeconds = Math.ceil(auth.lockMs / 1000);
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: windowSeconds })
      : new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds });
  const perAccount = make('keeper:login:account', auth.maxFailuresPerAccount);
  const perIp = make('keeper:login:ip', auth.maxFailuresPerIp);
  const accountKey = (username: string) => username.trim().toLowerCase();

  const waitFor = async (limiter: RateLimiterAbstract, key: string, limit: number) => {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= limit ? state.msBeforeNext : 0;
  };

  return {
    async waitBeforeAttempt(username, ip) {
      const [account, address] = await Promise.all([
        waitFor(perAccount, accountKey(username), auth.maxFailuresPerAccount),
        waitFor(perIp, ip, auth.maxFailuresPerIp),
      ]);
      return Math.max(account, address);
    },
    async recordFailure(username, ip) {
      // consume() rejects once over the limit; the next attempt's check is what answers 429.
      await Promise.allSettled([perAccount.consume(accountKey(username)), perIp.consume(ip)]);
    },
    async recordSuccess(username) {
      await perAccount.delete(accountKey(username));
    },
  };
}
