import type { CorpState } from './corp-state.js';
import type { MassMessage } from './types.js';

const SHANGHAI_OFFSET = 8 * 3600;

/** Year-month in Asia/Shanghai, the calendar WeCom counts receive limits in. */
function monthOf(unixSec: number): string {
  const d = new Date((unixSec + SHANGHAI_OFFSET) * 1000);
  return `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
}

function daysInMonth(unixSec: number): number {
  const d = new Date((unixSec + SHANGHAI_OFFSET) * 1000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** The per-customer monthly limit: a fixed number, or (0) as many as the month has days (current doc). */
export function monthlyReceiveLimit(setting: number, now: number): number {
  return setting > 0 ? setting : daysInMonth(now);
}

function receivedThisMonth(state: CorpState, externalUserId: string, now: number): number {
  const month = monthOf(now);
  let n = 0;
  for (const m of state.massMessages.values()) {
    for (const r of m.results) {
      if (r.external_userid === externalUserId && r.status === 1 && monthOf(r.send_time) === month) n += 1;
    }
  }
  return n;
}

/**
 * The sender confirmed the task in the client: each target gets the message, unless they are no longer
 * friends (2) or already got their monthly share of mass messages (3).
 */
export function confirmMassTask(
  state: CorpState,
  msg: MassMessage,
  userid: string,
  now: number,
  limitSetting: number,
): number {
  const task = msg.tasks.find((t) => t.userid === userid);
  if (!task || task.status === 2 || msg.cancelled) return 0;
  task.status = 2;
  task.send_time = now;
  let sent = 0;
  const limit = monthlyReceiveLimit(limitSetting, now);
  for (const r of msg.results) {
    if (r.userid !== userid || r.status !== 0) continue;
    r.send_time = now;
    if (r.external_userid !== undefined) {
      const follow = state.customers.follow(userid, r.external_userid);
      if (!follow || follow.deletedByCustomer) r.status = 2;
      else if (receivedThisMonth(state, r.external_userid, now) >= limit) r.status = 3;
      else r.status = 1;
    } else {
      const group = r.chat_id ? state.groups.get(r.chat_id) : undefined;
      r.status = group && !group.dismissed ? 1 : 2;
    }
    if (r.status === 1) sent += 1;
  }
  return sent;
}
