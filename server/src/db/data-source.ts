import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { mysqlMigrations } from '../../../migrations/mysql';
import { sqliteMigrations } from '../../../migrations/sqlite';
import { entities } from './entities';
import { mysqlWithQueryTimeout } from './mysql-timeouts';

/** MySQL-protocol servers differ in how they report column defaults; TypeORM must know which it talks to. */
export type MysqlFlavor = 'mysql' | 'mariadb';

export function dataSourceOptions(
  database: DatabaseConfig,
  flavor: MysqlFlavor = 'mysql',
): DataSourceOptions {
  const common = { entities, migrationsTableName: 'migrations', synchronize: false, logging: false } as const;
  if (database.dialect === 'mysql') {
    return {
      ...common,
      type: flavor,
      url: database.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: false,
      connectorPackage: 'mysql2',
      // A database that stops answering must fail requests, not hang them (and /healthz with them).
      connectTimeout: database.connectTimeoutMs,
      ...(database.queryTimeoutMs ? { driver: mysqlWithQueryTimeout(database.queryTimeoutMs) } : {}),
      extra: { connectionLimit: 20 },
      migrations: mysqlMigrations,
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    prepareDatabase: (db: { pragma: (source: string) => unknown }) => {
      // Another process (the migrate command, a second server) may hold the write lock briefly.
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
    migrations: sqliteMigrations,
  };
}

/**
 * Makes sure the place the database lives exists (the data folder for SQLite, the schema for MySQL) and
 * tells MariaDB from MySQL.
 */
export async function prepareDatabase(database: DatabaseConfig): Promise<MysqlFlavor | undefined> {
  if (database.dialect === 'sqlite') {
    fs.mkdirSync(path.dirname(database.path), { recursive: true });
    return undefined;
  }
  const url = new URL(database.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL must name a database, e.g. mysql://user@host:3306/keeper');
  url.pathname = '/';
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({
    uri: url.toString(),
    ...(database.connectTimeoutMs ? { connectTimeout: database.connectTimeoutMs } : {}),
  });
  try {
    const timeout = database.queryTimeoutMs;
    await connection.query({
      sql: `CREATE DATABASE IF NOT EXISTS \`${name.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      timeout,
    });
    const [rows] = await connection.query({ sql: 'SELECT VERSION() AS version', timeout });
    const version = String((rows as { version: string }[])[0]?.version ?? '');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    // No polite QUIT: after a timed-out query the server may never answer it.
    connection.destroy();
  }
}

/** Prepares the database and returns a connected data source (migrations not yet run). */
export async function openDataSource(database: DatabaseConfig): Promise<DataSource> {
  const flavor = await prepareDatabase(database);
  const dataSource = new DataSource(dataSourceOptions(database, flavor));
  await dataSource.initialize();
  if (database.dialect === 'sqlite') serializeTransactions(dataSource);
  return dataSource;
}

/**
 * SQLite gives TypeORM one connection: a transaction begun while another is open fails with "cannot start a
 * transaction within a transaction" (the handover engine, its tracker and the status recount run side by side).
 * On SQLite the data source's transactions therefore wait for each other. One begun inside another's callback
 * (a nesting bug on any database) is not queued behind itself: it fails as it did before.
 */
export function serializeTransactions(dataSource: DataSource): void {
  const manager = dataSource.manager;
  const begin = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  const inside = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    if (inside.getStore()) return begin(...args);
    const run = tail.then(() => inside.run(true, () => begin(...args)));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof manager.transaction;
}
