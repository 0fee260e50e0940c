import type { Clock } from '../corp/clock.js';

interface Window {
  start: number;
  count: number;
}

/**
 * Fixed-window counters. Once a window's limit is passed, calls fail until that window ends — WeCom's
 * "the block lasts as long as the exceeded window".
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /** Counts one call; false when any of the limits is exceeded. `limits` are [windowSeconds, max] pairs. */
  hit(key: string, limits: ReadonlyArray<readonly [number, number]>): boolean {
    const now = this.clock.nowMs();
    let allowed = true;
    for (const [seconds, max] of limits) {
      const k = `${key}\u0000${seconds}`;
      let w = this.windows.get(k);
      if (!w || now >= w.start + seconds * 1000) {
        w = { start: now, count: 0 };
        this.windows.set(k, w);
      }
      w.count += 1;
      if (w.count > max) allowed = false;
    }
    return allowed;
  }

  clear(): void {
    this.windows.clear();
  }
}
