import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/test-database';

/** Runs on MariaDB and on SQLite: transactions begun at the same moment both commit. */
describe('transactions side by side', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it('commit both, each seeing its own writes', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        db.dataSource.transaction(async (manager) => {
          await pause();
          const [row] = await manager.query(`SELECT ${n} AS n`);
          await pause();
          return Number((row as { n: number | string }).n);
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3]);
  });
});
