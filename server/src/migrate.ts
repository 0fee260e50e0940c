import { ConfigError, loadConfig } from './config/config';
import { openDataSource } from './db/data-source';
import { runMigrations } from './db/migrate';

/** `pnpm db:migrate`: brings the configured database up to date and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const dataSource = await openDataSource(config.database);
  try {
    const ran = await runMigrations(dataSource, config.database);
    console.log(
      ran.length ? `Ran ${ran.length} migration(s):\n  ${ran.join('\n  ')}` : 'The database is up to date.',
    );
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
