import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { mysqlMigrations } from '../../../migrations/mysql';
import { sqliteMigrations } from '../../../migrations/sqlite';
import { entities } from './entities';

export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = { entities, migrationsTableName: 'migrations', synchronize: false, logging: false } as const;
  if (database.dialect === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: database.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: false,
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

/** Makes sure the place the database lives exists: the data folder for SQLite, the schema for MySQL. */
export async function prepareDatabase(database: DatabaseConfig): Promise<void> {
  if (database.dialect === 'sqlite') {
    fs.mkdirSync(path.dirname(database.path), { recursive: true });
    return;
  }
  const url = new URL(database.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL must name a database, e.g. mysql://user@host:3306/keeper');
  url.pathname = '/';
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ uri: url.toString() });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export function createDataSource(database: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(database));
}
