import type { ChannelShift } from '@keeper/shared';

/** Shanghai has no daylight saving: its wall clock is UTC + 8 h all year. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Shanghai weekday (1 Monday … 7 Sunday), minutes since Shanghai midnight, and that midnight as a Date. */
export function shanghaiTime(now: Date): { weekday: number; minutes: number; dayStart: Date } {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return { weekday, minutes, dayStart: new Date(midnightLocal - SHANGHAI_OFFSET_MS) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a shift covers this Shanghai moment. `from` is inclusive, `to` exclusive; a shift whose `to` is not
 * after `from` runs past midnight (22:00–06:00), and its early-morning part belongs to the weekday it began on.
 */
export function shiftCovers(shift: ChannelShift, weekday: number, minutes: number): boolean {
  const from = minutesOf(shift.from);
  const to = minutesOf(shift.to);
  if (from < to) return shift.weekdays.includes(weekday) && minutes >= from && minutes < to;
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  return (
    (shift.weekdays.includes(weekday) && minutes >= from) ||
    (shift.weekdays.includes(yesterday) && minutes < to)
  );
}

export interface DutyRules {
  memberIds: string[];
  shifts: ChannelShift[];
  dailyCap: number | null;
  backupMemberIds: string[];
  enabled: boolean;
}

/**
 * Who the code rings now: the members of the shifts covering now (all of them, in order), or the default
 * members when none does; less those who took `dailyCap` customers through the code today; the backups when
 * nobody is left. WeCom needs someone on a code, so with no backups a full roster keeps ringing. A disabled
 * code rings its backups (or, without backups, its default members) and sends no welcome, tags or remark.
 */
export function onDutyNow(rules: DutyRules, now: Date, addsToday: ReadonlyMap<string, number>): string[] {
  if (!rules.enabled)
    return rules.backupMemberIds.length > 0 ? [...rules.backupMemberIds] : [...rules.memberIds];
  const { weekday, minutes } = shanghaiTime(now);
  const covering = rules.shifts.filter((shift) => shiftCovers(shift, weekday, minutes));
  const scheduled =
    covering.length > 0 ? unique(covering.flatMap((shift) => shift.memberIds)) : unique(rules.memberIds);
  const cap = rules.dailyCap;
  const open = cap === null ? scheduled : scheduled.filter((id) => (addsToday.get(id) ?? 0) < cap);
  if (open.length > 0) return open;
  return rules.backupMemberIds.length > 0 ? unique(rules.backupMemberIds) : scheduled;
}

export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
