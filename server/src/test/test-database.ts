import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { openDataSource } from '../db/data-source';
import { runMigrations } from '../db/migrate';

export interface TestDatabase {
  dataSource: DataSource;
  /** Empties every table, keeping the schema. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** This worker's database, migrated. Call reset() in beforeEach and close() in afterAll. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const { database } = loadConfig();
  const dataSource = await openDataSource(database);
  await runMigrations(dataSource, database);
  const tables = dataSource.entityMetadatas.map((entity) => entity.tableName);

  const reset = async () => {
    if (database.dialect === 'mysql') {
      const runner = dataSource.createQueryRunner();
      try {
        await runner.query('SET FOREIGN_KEY_CHECKS = 0');
        for (const table of tables) await runner.query(`TRUNCATE TABLE \`${table}\``);
        await runner.query('SET FOREIGN_KEY_CHECKS = 1');
      } finally {
        await runner.release();
      }
      return;
    }
    await dataSource.query('PRAGMA foreign_keys = OFF');
    for (const table of tables) await dataSource.query(`DELETE FROM "${table}"`);
    await dataSource.query(
      `DELETE FROM sqlite_sequence WHERE name IN (${tables.map(() => '?').join(',')})`,
      tables,
    );
    await dataSource.query('PRAGMA foreign_keys = ON');
  };
  return { dataSource, reset, close: () => dataSource.destroy() };
}
