import { CallbackError, CallbackErrorCode } from './callback-error';

/**
 * Optional replay guard: rejects a callback whose `timestamp` is further than `maxSkewSeconds` from now.
 * Off by default in the codec because WeCom's retry interval is undocumented and a retried delivery may carry the
 * original timestamp; duplicates are caught by the dedupe key anyway. Enable it with a generous window (minutes).
 */
export function assertTimestampWithinWindow(
  timestamp: string,
  maxSkewSeconds: number,
  nowMs: number = Date.now(),
): void {
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new CallbackError(CallbackErrorCode.TimestampOutOfWindow, 'timestamp is not a number of seconds');
  }
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > maxSkewSeconds) {
    throw new CallbackError(
      CallbackErrorCode.TimestampOutOfWindow,
      `timestamp is ${Math.round(skew)} s away from now (allowed ${maxSkewSeconds} s)`,
    );
  }
}
