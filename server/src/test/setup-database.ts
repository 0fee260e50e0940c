/**
 * Runs before each server test file: points the configuration at a database of this worker's own, so test
 * files running in parallel never truncate each other's tables. MariaDB unless the project says SQLite.
 */
import os from 'node:os';
import path from 'node:path';
import { testDatabasePrefix } from './test-database-prefix.js';

const worker = process.env.VITEST_POOL_ID ?? '1';
const prefix = testDatabasePrefix();
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
if (process.env.KEEPER_TEST_DIALECT === 'sqlite') {
  delete process.env.DATABASE_URL;
  process.env.SQLITE_PATH = path.join(
    os.tmpdir(),
    `${prefix.replaceAll('_', '-')}${process.pid}-${worker}.sqlite`,
  );
} else {
  const server = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/${prefix}${worker}`;
}
