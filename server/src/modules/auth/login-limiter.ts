import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Config } from '../../config/config';

/** One sign-in attempt taken from the allowance; a wrong password leaves it taken. */
export interface LoginAttempt {
  /** The password was right: the account's row of failures ends and the address gets its attempt back. */
  passwordAccepted(): Promise<void>;
  /** The attempt ended before a password was judged (e.g. the database failed): it never happened. */
  abandoned(): Promise<void>;
}

export type AttemptTaken = { allowed: true; attempt: LoginAttempt } | { allowed: false; waitMs: number };

export interface LoginLimiter {
  takeAttempt(username: string, ip: string): Promise<AttemptTaken>;
}

/**
 * Counts failed sign-ins per account and per IP (in Redis when configured, so every node sees the same
 * counts). Once an account or IP reaches its limit it waits until the window ends; a success clears the
 * account's count, so the limit means "N wrong passwords in a row".
 *
 * The attempt is taken before the password is verified and given back if it was right: counting only after
 * argon2 answered let parallel guesses all pass the check while none of their failures was counted yet.
 */
export function createLoginLimiter(auth: Config['auth'], redis?: Redis): LoginLimiter {
  const windowSeconds = Math.ceil(auth.lockMs / 1000);
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: windowSeconds })
      : new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds });
  const perAccount = make('keeper:login:account', auth.maxFailuresPerAccount);
  const perIp = make('keeper:login:ip', auth.maxFailuresPerIp);

  return {
    async takeAttempt(username, ip) {
      const accountKey = username.trim().toLowerCase();
      const counters = [
        { limiter: perAccount, key: accountKey },
        { limiter: perIp, key: ip },
      ];
      const outcomes = await Promise.all(counters.map(({ limiter, key }) => take(limiter, key)));
      const giveBack = async () => {
        await Promise.all(
          counters.map(({ limiter, key }, index) => (outcomes[index]!.counted ? limiter.reward(key) : null)),
        );
      };
      const failed = outcomes.find((outcome) => outcome.storeFailure !== undefined);
      if (failed) {
        await giveBack();
        throw failed.storeFailure;
      }
      const waitMs = Math.max(...outcomes.map((outcome) => outcome.waitMs));
      if (waitMs > 0) {
        // A refused attempt is no failure: it gives back what it added, the point over the limit included.
        await giveBack();
        return { allowed: false, waitMs };
      }
      return {
        allowed: true,
        attempt: {
          async passwordAccepted() {
            await Promise.all([perAccount.delete(accountKey), perIp.reward(ip)]);
          },
          abandoned: giveBack,
        },
      };
    },
  };
}

interface TakeOutcome {
  /** Whether the counter went up (and must be given back if the attempt does not count). */
  counted: boolean;
  /** 0 when within the limit. */
  waitMs: number;
  storeFailure?: unknown;
}

async function take(limiter: RateLimiterAbstract, key: string): Promise<TakeOutcome> {
  try {
    await limiter.consume(key);
    return { counted: true, waitMs: 0 };
  } catch (reason) {
    // consume() rejects with the counter's state when over the limit (the point is added all the same), and
    // with an Error when the store failed (nothing added).
    if (reason instanceof RateLimiterRes) return { counted: true, waitMs: Math.max(1, reason.msBeforeNext) };
    return { counted: false, waitMs: 0, storeFailure: reason };
  }
}
