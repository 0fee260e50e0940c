import type { Dialect } from './dialect';

/** The calendar day (YYYY-MM-DD) of a UTC datetime column in Asia/Shanghai, which has no daylight saving. */
export function shanghaiDay(dialect: Dialect, column: string): string {
  return dialect === 'mysql'
    ? `DATE_FORMAT(CONVERT_TZ(${column}, '+00:00', '+08:00'), '%Y-%m-%d')`
    : `strftime('%Y-%m-%d', ${column}, '+8 hours')`;
}
