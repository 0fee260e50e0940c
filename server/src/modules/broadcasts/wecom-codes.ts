import { WeComError, WeComNetworkError } from '@keeper/bot';

/** "No sendable customer" (protocol §6.1): WeCom created no task; every recipient of the call is unsendable. */
export const NO_SENDABLE_CUSTOMER = 41048;
/** The task is still being dispatched (§6.2): its figures come later. */
export const STILL_DISPATCHING = 41063;
/** The reminder limit of a task (three in 24 h) is used up. */
export const REMINDER_LIMIT = 41094;

/** WeCom was busy or over its call budget: nothing was done, come back later. */
const RETRY_LATER = new Set([-1, 45009, 45033, STILL_DISPATCHING]);

export function isRetryLater(error: unknown): boolean {
  return error instanceof WeComError && RETRY_LATER.has(error.code);
}

/** Whether a failed call may have reached WeCom and been acted on: its answer must be looked for before resending. */
export function mayHaveActed(error: unknown): boolean {
  if (error instanceof WeComError) return false;
  return !(error instanceof WeComNetworkError) || error.maybeProcessed;
}
