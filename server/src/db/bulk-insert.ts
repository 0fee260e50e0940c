import type { EntityManager } from 'typeorm';
import type { Dialect } from './dialect';
import { dialectOf, rawDateTime } from './sql';

/** Rows per INSERT statement: large enough to amortise the round trip, small enough for any packet limit. */
export const BULK_INSERT_ROWS = 500;

/** mysql2's callback API, as TypeORM holds it (the connection of the caller's transaction). */
interface Mysql2Connection {
  execute(sql: string, params: unknown[], callback: (error: unknown, result: unknown) => void): void;
}

/**
 * Multi-row INSERTs in the caller's transaction, for writes of hundreds of rows where building entities through
 * the ORM costs more than the database work. Returns each row's auto-increment id, in order.
 *
 * On MySQL a statement of exactly BULK_INSERT_ROWS rows runs as a prepared statement (binary protocol): nothing
 * is escaped into a megabyte of SQL text for the server to parse again, and mysql2 caches the one statement
 * per connection. Shorter remainders, whose shape varies page to page, go as plain queries so the server's
 * prepared-statement count stays bounded.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<string[]> {
  const dialect = dialectOf(manager.connection);
  const row = `(${columns.map(() => '?').join(',')})`;
  const idsOf = await insertedIds(manager, dialect);
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += BULK_INSERT_ROWS) {
    const slice = rows.slice(start, start + BULK_INSERT_ROWS);
    const sql = `INSERT INTO ${table} (${columns.join(',')}) VALUES ${slice.map(() => row).join(',')}`;
    const params = slice.flat().map((value) => (value instanceof Date ? rawDateTime(dialect, value) : value));
    const result =
      dialect === 'mysql' && slice.length === BULK_INSERT_ROWS
        ? await executePrepared(manager, sql, params)
        : await manager.query(sql, params);
    ids.push(...idsOf(result, slice.length));
  }
  return ids;
}

/**
 * The ids one multi-row INSERT generated. A single INSERT with a known row count gets consecutive values in
 * every InnoDB auto-increment lock mode, spaced by auto_increment_increment, and MySQL reports the first;
 * SQLite has one writer, so its rows are consecutive and it reports the last. TypeORM derives ids the same way.
 */
async function insertedIds(
  manager: EntityManager,
  dialect: Dialect,
): Promise<(result: unknown, count: number) => string[]> {
  if (dialect === 'sqlite') {
    return (result, count) => {
      const last = BigInt(result as number | bigint);
      return Array.from({ length: count }, (_, i) => String(last - BigInt(count - 1 - i)));
    };
  }
  const step = await autoIncrementStep(manager);
  return (result, count) => {
    const first = BigInt((result as { insertId: number | string }).insertId);
    return Array.from({ length: count }, (_, i) => String(first + BigInt(i) * step));
  };
}

/** Read once per transaction (its query runner): a session's setting cannot change under its own statements. */
const stepsByRunner = new WeakMap<object, Promise<bigint>>();

function autoIncrementStep(manager: EntityManager): Promise<bigint> {
  const read = async () => {
    const [row] = (await manager.query('SELECT @@auto_increment_increment AS step')) as { step: number }[];
    return BigInt(row?.step ?? 1);
  };
  const runner = manager.queryRunner;
  if (!runner) return read();
  const step = stepsByRunner.get(runner) ?? read();
  stepsByRunner.set(runner, step);
  return step;
}

function executePrepared(manager: EntityManager, sql: string, params: unknown[]): Promise<unknown> {
  const runner = manager.queryRunner as unknown as { databaseConnection?: Mysql2Connection } | undefined;
  const connection = runner?.databaseConnection;
  if (!connection) return manager.query(sql, params); // outside a transaction: no connection of our own
  return new Promise((resolve, reject) =>
    connection.execute(sql, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}
