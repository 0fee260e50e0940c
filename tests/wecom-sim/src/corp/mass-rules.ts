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

/**
 * The corp's receive rule (群发助手 → 设置群发规则), an admin setting no API reads: as many mass messages a
 * month as the month has days (or `perMonth` when set), 7 a week, or 1 a day, per customer.
 */
export type ReceiveRule = 'month' | 'week' | 'day';
export interface ReceiveLimit {
  rule: ReceiveRule;
  /** For `month`: a fixed number; 0 = as many as the month has days (current doc). */
  perMonth: number;
}

/** The per-customer monthly limit: a fixed number, or (0) as many as the month has days (current doc). */
export function monthlyReceiveLimit(setting: number, now: number): number {
  return setting > 0 ? setting : daysInMonth(now);
}

/** Shanghai calendar day number. */
function dayOf(unixSec: number): number {
  return Math.floor((unixSec + SHANGHAI_OFFSET) / 86_400);
}

/** The Shanghai week (Monday to Sunday) a moment falls in, as the number of its Monday. */
function weekOf(unixSec: number): number {
  const day = dayOf(unixSec);
  // Day 0 (1970-01-01) was a Thursday: shift so that weeks start on Mondays.
  return day - ((day + 3) % 7);
}

/** Whether a mass message sent at `then` falls in the same limit period as `now`, and the period's limit. */
function period(limit: ReceiveLimit, now: number): { same: (then: number) => boolean; max: number } {
  if (limit.rule === 'day') return { same: (then) => dayOf(then) === dayOf(now), max: 1 };
  if (limit.rule === 'week') return { same: (then) => weekOf(then) === weekOf(now), max: 7 };
  const month = monthOf(now);
  return { same: (then) => monthOf(then) === month, max: monthlyReceiveLimit(limit.perMonth, now) };
}

/**
 * When each customer received a mass message (status 1), indexed per corp state on first use and kept up to date
 * by confirmMassTask: counting by scanning every result of every message made a 100,000-customer corp quadratic.
 */
const receipts = new WeakMap<CorpState, Map<string, number[]>>();

function receiptsOf(state: CorpState): Map<string, number[]> {
  let index = receipts.get(state);
  if (!index) {
    index = new Map();
    for (const m of state.massMessages.values())
      for (const r of m.results)
        if (r.external_userid !== undefined && r.status === 1) record(index, r.external_userid, r.send_time);
    receipts.set(state, index);
  }
  return index;
}

function record(index: Map<string, number[]>, externalUserId: string, at: number): void {
  const times = index.get(externalUserId);
  if (times) times.push(at);
  else index.set(externalUserId, [at]);
}

function receivedInPeriod(state: CorpState, externalUserId: string, same: (then: number) => boolean): number {
  return (receiptsOf(state).get(externalUserId) ?? []).filter(same).length;
}

/**
 * The sender confirmed the task in the client: each target gets the message, unless they are no longer
 * friends (2) or already got their share of mass messages under the corp's receive rule (3).
 */
export function confirmMassTask(
  state: CorpState,
  msg: MassMessage,
  userid: string,
  now: number,
  receiveLimit: ReceiveLimit,
): number {
  const task = msg.tasks.find((t) => t.userid === userid);
  if (!task || task.status === 2 || msg.cancelled) return 0;
  task.status = 2;
  task.send_time = now;
  let sent = 0;
  const limit = period(receiveLimit, now);
  for (const r of msg.results) {
    if (r.userid !== userid || r.status !== 0) continue;
    r.send_time = now;
    if (r.external_userid !== undefined) {
      const follow = state.customers.follow(userid, r.external_userid);
      if (!follow || follow.deletedByCustomer) r.status = 2;
      else if (receivedInPeriod(state, r.external_userid, limit.same) >= limit.max) r.status = 3;
      else {
        r.status = 1;
        record(receiptsOf(state), r.external_userid, now);
      }
    } else {
      const group = r.chat_id ? state.groups.get(r.chat_id) : undefined;
      r.status = group && !group.dismissed ? 1 : 2;
    }
    if (r.status === 1) sent += 1;
  }
  return sent;
}
