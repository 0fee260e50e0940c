import { ConfigError, loadConfig } from './config/config';

/** `pnpm db:migrate`: brings the configured database up to date and exits. */
try {
  loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78);
}
const { openDataSource } = await import('./db/data-source');
const { runMigrations } = await import('./db/migrate');
const { database } = loadConfig();
const dataSource = await openDataSource(database);
try {
  const ran = await runMigrations(dataSource, database);
  console.log(
    ran.length ? `Ran ${ran.length} migration(s):\n  ${ran.join('\n  ')}` : 'The database is up to date.',
  );
} finally {
  await dataSource.destroy();
}
