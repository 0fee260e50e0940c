import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The server stores UTC; every person using the console reads China time, wherever their browser is. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';
/** For narrow columns where the second adds nothing (joining or leaving a group). */
export const DATE_MINUTE_FORMAT = 'YYYY-MM-DD HH:mm';
const PLACEHOLDER = '—';

export function formatDateTime(
  value: string | number | Date | null | undefined,
  format: string = DATE_TIME_FORMAT,
): string {
  if (value === null || value === undefined || value === '') return PLACEHOLDER;
  const date = dayjs(value);
  return date.isValid() ? date.tz(DISPLAY_TIME_ZONE).format(format) : PLACEHOLDER;
}

/**
 * Reads a wall-clock time picked in the console (`YYYY-MM-DD HH:mm:ss`) as China time and returns ISO 8601 with
 * the offset, which is what the API's date filters expect.
 */
export function shanghaiWallClockToIso(wallClock: string): string {
  return dayjs.tz(wallClock, DISPLAY_TIME_ZONE).format();
}

/** Whole days, hours and minutes of a duration, for "uptime"-style display. */
export function splitDuration(totalSeconds: number): { d: number; h: number; m: number } {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  return {
    d: Math.floor(seconds / 86_400),
    h: Math.floor((seconds % 86_400) / 3_600),
    m: Math.floor((seconds % 3_600) / 60),
  };
}

const DAY_FORMAT = 'YYYY-MM-DD';

/** The first instant of a China calendar day (`YYYY-MM-DD`), as ISO 8601 with `+08:00`. */
export function shanghaiDayStartIso(day: string): string {
  return dayjs.tz(day, DISPLAY_TIME_ZONE).startOf('day').format('YYYY-MM-DDTHH:mm:ss.SSSZ');
}

/** The last instant of a China calendar day, so a range ending on that day includes all of it. */
export function shanghaiDayEndIso(day: string): string {
  return dayjs.tz(day, DISPLAY_TIME_ZONE).endOf('day').format('YYYY-MM-DDTHH:mm:ss.SSSZ');
}

/** The China calendar day `daysAgo` days before today (0 = today), as `YYYY-MM-DD`. */
export function shanghaiDay(daysAgo = 0, now: Date = new Date()): string {
  return dayjs(now).tz(DISPLAY_TIME_ZONE).subtract(daysAgo, 'day').format(DAY_FORMAT);
}
