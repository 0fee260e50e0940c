import type { DataSource } from 'typeorm';
import type { Dialect } from './dialect';

/** Which SQL a data source speaks, for the few raw queries that differ. */
export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
}

/** The calendar day (YYYY-MM-DD) of a UTC datetime column in Asia/Shanghai, which has no daylight saving. */
export function shanghaiDay(dialect: Dialect, column: string): string {
  return dialect === 'mysql'
    ? `DATE_FORMAT(CONVERT_TZ(${column}, '+00:00', '+08:00'), '%Y-%m-%d')`
    : `strftime('%Y-%m-%d', ${column}, '+8 hours')`;
}

/**
 * A Date as a raw query parameter for a datetime column: mysql2 formats Dates itself (in UTC, as configured);
 * better-sqlite3 binds no Dates, so it gets the UTC text TypeORM writes into SQLite datetime columns.
 */
export function rawDateTime(dialect: Dialect, value: Date): Date | string {
  return dialect === 'mysql' ? value : value.toISOString().replace('T', ' ').replace('Z', '');
}

/** Escapes LIKE's wildcards in user input, for `column LIKE :q` with `%${escapeLike(input)}%`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
