import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/test-database';

/** Runs on MariaDB and on SQLite: the migrations of each dialect must build exactly the entities' schema. */
describe('migrations and entities', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it('leave nothing for the schema builder to change', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('undo cleanly and apply again', async () => {
    const count = db.dataSource.migrations.length;
    for (let i = 0; i < count; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const tables = db.dataSource.entityMetadatas.map((entity) => entity.tableName);
    const runner = db.dataSource.createQueryRunner();
    try {
      for (const table of tables) expect(await runner.hasTable(table)).toBe(false);
    } finally {
      await runner.release();
    }
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect((await db.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
