import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { testDatabasePrefix } from './test-database-prefix.js';

/**
 * Once per test run: drops the per-worker test databases of earlier runs, so every run migrates a clean
 * schema (a changed migration must never meet a database built by its older self).
 */
export default async function dropOldTestDatabases(): Promise<void> {
  const server = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  const prefix = testDatabasePrefix();
  const connection = await mysql.createConnection(server);
  try {
    const [rows] = await connection.query('SHOW DATABASES LIKE ?', [`${prefix.replaceAll('_', '\\_')}%`]);
    for (const row of rows as Record<string, string>[]) {
      const name = Object.values(row)[0]!;
      await connection.query(`DROP DATABASE \`${name}\``);
    }
  } finally {
    await connection.end();
  }
  for (const file of fs.readdirSync(os.tmpdir())) {
    if (file.startsWith(prefix.replaceAll('_', '-')) && file.includes('.sqlite'))
      fs.rmSync(path.join(os.tmpdir(), file), { force: true });
  }
}
