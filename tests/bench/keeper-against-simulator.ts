import type { startSimulator } from '@keeper/wecom-sim';
import type { DataSource } from 'typeorm';
import type { Services } from '../../server/src/app';
import type { Config } from '../../server/src/config/config';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** The MariaDB server benchmarks use, and a database of their own on it, dropped first. */
export async function benchDatabase(database: string): Promise<void> {
  const server = process.env.KEEPER_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/${database}`;
  process.env.LOG_LEVEL = 'silent';
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ uri: server });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}

/**
 * Keeper's services on the benchmark's database (migrated), talking to the simulator as to WeCom, with Keeper's
 * clock on the simulator's: as `createApp` builds them, without HTTP. Call `benchDatabase` first.
 */
export async function keeperAgainst(sim: Simulator): Promise<{ services: Services; dataSource: DataSource }> {
  const { loadConfig } = await import('../../server/src/config/config');
  const { openDataSource } = await import('../../server/src/db/data-source');
  const { runMigrations } = await import('../../server/src/db/migrate');
  const { createServices } = await import('../../server/src/app');
  const { createLogger } = await import('../../server/src/logger');
  const credentials = sim.control.credentials();
  const base = loadConfig();
  const config: Config = {
    ...base,
    wecom: {
      ...base.wecom,
      apiBaseUrl: sim.url,
      corpId: credentials.corpId,
      contactSecret: credentials.secrets.contact,
      agent: { agentId: String(credentials.agentId), secret: credentials.secrets.agent },
    },
  };
  const dataSource = await openDataSource(config.database);
  await runMigrations(dataSource, config.database);
  const services = createServices({
    config,
    dataSource,
    logger: createLogger({ logLevel: 'silent', env: 'production' }),
    // Keeper's "now" for WeCom's slow rules moves with the simulated corp's clock.
    clock: () => new Date(sim.clock.nowMs()),
    systemInfo: {
      version: 'bench',
      mode: 'production',
      dialect: 'mysql',
      startedAt: new Date(),
      wecom: { corpId: credentials.corpId, callbackConfigured: false },
    },
  });
  return { services, dataSource };
}
