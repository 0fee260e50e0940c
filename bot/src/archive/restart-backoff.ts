/** How long to wait before starting the host again after `failures` consecutive failures. */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 200, maxMs: 30_000 };

/**
 * Exponential with full jitter above the first step: one crash restarts almost at once, a library that crashes on
 * every start is retried at most every `maxMs`, and several servers do not restart in lockstep.
 */
export function restartDelayMs(backoff: RestartBackoff, failures: number, random = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
  return failures === 1 ? ceiling : Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
