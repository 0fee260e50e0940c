import { ConfigError, loadConfig } from './config/config';

/** `pnpm db:migrate`: brings the configured database up to date and exits. */
try {
  loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78);
}
const { migrateDatabase } = await import('./db/migrate');
const { keepDataPrivate } = await import('./private-data');
keepDataPrivate(loadConfig());
const ran = await migrateDatabase(loadConfig().database);
console.log(
  ran.length ? `Ran ${ran.length} migration(s):\n  ${ran.join('\n  ')}` : 'The database is up to date.',
);
