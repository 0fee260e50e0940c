import { TokenBucket } from 'limiter';
import { abortable } from './abortable';

/**
 * Client-side throttle in front of every WeCom call, per key (`<corpid> <path>`: WeCom counts per corp per API).
 * A port, because in scale-out the buckets must live in Redis and be shared by every process (design.md); the
 * server implements it there (`RedisRateLimiter`). `acquire` resolves when the call may go.
 */
export interface RateLimiter {
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

export interface RateLimit {
  /** Tokens added per interval. */
  readonly tokensPerInterval: number;
  readonly intervalMs: number;
  /** Largest burst; defaults to `tokensPerInterval`. */
  readonly burst?: number;
}

export interface TokenBucketRateLimiterOptions {
  /** Applied to every key without its own rule. */
  readonly default: RateLimit;
  /** Rules by API path (e.g. `/cgi-bin/message/send`), for APIs with tighter limits. */
  readonly perPath?: Readonly<Record<string, RateLimit>>;
}

/**
 * WeCom publishes 10,000 calls/min per corp per API; we stay well under it (100/s with a burst of 100) so that a
 * full sync cannot trip 45009, whose block lasts as long as the exceeded window.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { tokensPerInterval: 100, intervalMs: 1000, burst: 100 };

/**
 * In-process token buckets, one per key. Built on `limiter` (jhurliman/node-rate-limiter): a maintained, typed,
 * dependency-free token bucket whose waiters are served in FIFO order — chosen over `bottleneck` (unmaintained
 * since 2019, heavier: a job scheduler) and `p-throttle` (a sliding window wrapped around one function, not a
 * bucket we can key per corp and API).
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: TokenBucketRateLimiterOptions = { default: DEFAULT_RATE_LIMIT }) {}

  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    // `limiter` cannot cancel a waiter: an aborted caller stops waiting and its token is spent later anyway, which
    // only makes the limiter slightly stricter.
    await abortable(this.bucketFor(key).removeTokens(1), signal);
  }

  private bucketFor(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      const path = key.slice(key.indexOf(' ') + 1);
      const rule = this.options.perPath?.[path] ?? this.options.default;
      const bucketSize = rule.burst ?? rule.tokensPerInterval;
      bucket = new TokenBucket({
        bucketSize,
        tokensPerInterval: rule.tokensPerInterval,
        interval: rule.intervalMs,
      });
      // A new bucket starts empty in `limiter`; start it full so the first burst is not delayed.
      bucket.content = bucketSize;
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

/** For tests and for callers that throttle elsewhere. */
export const unlimitedRateLimiter: RateLimiter = { acquire: async () => undefined };
