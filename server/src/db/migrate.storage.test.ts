import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config';
import { openTestDatabase, type TestDatabase } from '../test/test-database';
import { openDataSource } from './data-source';
import { runMigrations } from './migrate';

describe(runMigrations.name, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it('lets two processes starting together take turns: each migration runs once', async () => {
    const { database } = loadConfig();
    const count = db.dataSource.migrations.length;
    for (let i = 0; i < count; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });

    const [first, second] = await Promise.all([openDataSource(database), openDataSource(database)]);
    try {
      const [ranByFirst, ranBySecond] = await Promise.all([
        runMigrations(first, database),
        runMigrations(second, database),
      ]);
      expect([...ranByFirst, ...ranBySecond].sort()).toEqual(
        db.dataSource.migrations.map((m) => m.name).sort(),
      );
      const rows = (await db.dataSource.query('SELECT name FROM migrations')) as { name: string }[];
      expect(rows).toHaveLength(count);
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
    }
  });
});
