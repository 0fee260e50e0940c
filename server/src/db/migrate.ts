import lockfile from 'proper-lockfile';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { openDataSource } from './data-source';

const MYSQL_LOCK = 'keeper:migrations';
const LOCK_WAIT_SECONDS = 120;

/**
 * Migrates on a data source of its own without the per-query time limit (waiting for another process's
 * migration lock, or altering a large table, may take minutes), then closes it. Returns what ran.
 */
export async function migrateDatabase(database: DatabaseConfig): Promise<string[]> {
  const dataSource = await openDataSource(
    database.dialect === 'mysql' ? { ...database, queryTimeoutMs: undefined } : database,
  );
  try {
    return await runMigrations(dataSource, database);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Runs pending migrations under a lock, so two processes starting together take turns instead of racing:
 * the second waits, then finds nothing left to do. Returns the names of the migrations it ran.
 */
export async function runMigrations(dataSource: DataSource, database: DatabaseConfig): Promise<string[]> {
  const release = await acquireMigrationLock(dataSource, database);
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await release();
  }
}

async function acquireMigrationLock(
  dataSource: DataSource,
  database: DatabaseConfig,
): Promise<() => Promise<void>> {
  if (database.dialect === 'sqlite') {
    return lockfile.lock(database.path, {
      realpath: false,
      lockfilePath: `${database.path}.migrate-lock`,
      retries: { retries: LOCK_WAIT_SECONDS * 2, minTimeout: 250, maxTimeout: 1000 },
    });
  }
  // A named lock belongs to one connection: hold a dedicated one until the migrations are done.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [
    MYSQL_LOCK,
    LOCK_WAIT_SECONDS,
  ])) as {
    acquired: number | string | null;
  }[];
  if (Number(row?.acquired) !== 1) {
    await runner.release();
    throw new Error(`Timed out after ${LOCK_WAIT_SECONDS}s waiting for another process to finish migrating`);
  }
  return async () => {
    try {
      await runner.query('SELECT RELEASE_LOCK(?)', [MYSQL_LOCK]);
    } finally {
      await runner.release();
    }
  };
}
