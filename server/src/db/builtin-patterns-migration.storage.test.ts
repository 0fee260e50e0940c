import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/test-database';
import { BUILTIN_RULES } from '../modules/audit/builtin-rules';

const MIGRATION = 'RuleRevisionsAndRescanJobs1795970596272';

/** Runs on MariaDB and on SQLite. */
describe('moving the built-in number rules to RE2', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.reset();
  });
  afterAll(async () => {
    await db.dataSource.runMigrations({ transaction: 'each' });
    await db.close();
  });

  const applied = async () =>
    ((await db.dataSource.query('SELECT name FROM migrations')) as { name: string }[]).map((row) => row.name);

  it('moves rules still holding the patterns Keeper shipped, and leaves the ones an admin edited', async () => {
    while ((await applied()).includes(MIGRATION))
      await db.dataSource.undoLastMigration({ transaction: 'each' });
    const insert = (key: string, patterns: string[]) =>
      db.dataSource.query(
        'INSERT INTO audit_rules (name, kind, patterns, severity, department_ids, enabled, builtin_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [key, 'regex', JSON.stringify(patterns), 'high', '[]', 1, key],
      );
    await insert('bank_card', ['(?<!\\d)(?:\\d[ -]?){15,18}\\d(?!\\d)']);
    await insert('phone_number', ['(?<!\\d)1[3-9]\\d{9}(?!\\d)', '座机\\d{8}']);

    await db.dataSource.runMigrations({ transaction: 'each' });

    const rows = (await db.dataSource.query(
      'SELECT builtin_key AS builtinKey, patterns FROM audit_rules ORDER BY id',
    )) as { builtinKey: string; patterns: string }[];
    expect(rows.map((row) => [row.builtinKey, JSON.parse(row.patterns) as string[]])).toEqual([
      ['bank_card', BUILTIN_RULES.find((rule) => rule.key === 'bank_card')!.patterns],
      ['phone_number', ['(?<!\\d)1[3-9]\\d{9}(?!\\d)', '座机\\d{8}']],
    ]);
  });
});
