/**
 * Test databases are named `<prefix><worker>`. The default is `keeper_test_`; `KEEPER_TEST_DB_PREFIX` gives a
 * second checkout on the same MariaDB its own set, so two test runs never drop each other's databases.
 */
export function testDatabasePrefix(): string {
  const prefix = process.env.KEEPER_TEST_DB_PREFIX ?? 'keeper_test_';
  if (!/^[a-z0-9_]+_$/.test(prefix))
    throw new Error('KEEPER_TEST_DB_PREFIX must be lower-case [a-z0-9_] ending in _');
  return prefix;
}
