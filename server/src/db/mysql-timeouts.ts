import mysql, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2';

/** What mysql2 calls a query that ran past its `timeout`. */
const QUERY_TIMED_OUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

type QueryCallback = (error: (Error & { code?: string }) | null, ...results: unknown[]) => void;

/**
 * mysql2 as TypeORM loads it, with a time limit on every query. mysql2's own per-query `timeout` fails the
 * query but leaves its connection waiting for an answer that may never come (a frozen server); back in the
 * pool, that connection would hang every later query sent on it. So a connection whose query timed out is
 * destroyed, and the pool opens a fresh one (itself bounded by `connectTimeout`).
 */
export function mysqlWithQueryTimeout(timeoutMs: number): typeof mysql {
  const createPool = (options: PoolOptions): Pool => {
    const pool = mysql.createPool(options);
    pool.on('connection', (connection) => limitQueries(connection, timeoutMs));
    return pool;
  };
  // The rest of the module (types, Connection) is mysql2's own, through the prototype.
  return Object.assign(Object.create(mysql) as typeof mysql, { createPool });
}

function limitQueries(connection: PoolConnection, timeoutMs: number): void {
  const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  const limited = (...args: unknown[]): unknown => {
    const callback = args.at(-1);
    // Without a callback TypeORM streams a result (exports): it may take as long as the reader needs.
    if (typeof callback !== 'function') return query(...args);
    const [sql, ...rest] = args;
    const options =
      typeof sql === 'string' ? { sql, timeout: timeoutMs } : { timeout: timeoutMs, ...(sql as object) };
    rest[rest.length - 1] = ((error, ...results) => {
      if (error?.code === QUERY_TIMED_OUT) connection.destroy();
      (callback as QueryCallback)(error, ...results);
    }) satisfies QueryCallback;
    return query(options, ...rest);
  };
  Object.assign(connection, { query: limited });
}
