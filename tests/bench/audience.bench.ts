import type { DataSource } from 'typeorm';
import { buildBroadcastCorp, measureAudienceCount, seedBroadcastCorp } from './broadcast-corp';
import { round, timed } from './stats';

const DATABASE = 'keeper_bench_audience';

/**
 * `pnpm bench audience`: the live audience count of the mass-reachout console over ~50 audiences a marketer
 * builds, at 100,000 customers over 500 members in MariaDB, and one full resolve (every customer with its
 * sender). The corp is seeded once and reused while it has the expected size.
 */
export async function runAudienceBenchmark(): Promise<void> {
  const server = process.env.KEEPER_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/${DATABASE}`;
  process.env.LOG_LEVEL = 'silent';
  const { loadConfig } = await import('../../server/src/config/config');
  const { openDataSource } = await import('../../server/src/db/data-source');
  const { runMigrations } = await import('../../server/src/db/migrate');
  const { createServices } = await import('../../server/src/app');
  const { createLogger } = await import('../../server/src/logger');

  // A fixed now: the seeded corp is reused across runs, and silence is measured from its now.
  const corp = buildBroadcastCorp({ now: new Date('2026-11-30T04:00:00Z') });
  const config = loadConfig();
  let dataSource: DataSource = await openDataSource(config.database);
  await runMigrations(dataSource, config.database);
  const [existing] = (await dataSource.query('SELECT COUNT(*) AS n FROM customers')) as { n: string }[];
  if (Number(existing?.n) !== corp.customers.length || process.env.KEEPER_BENCH_RESEED) {
    await dataSource.dropDatabase();
    await dataSource.destroy();
    dataSource = await openDataSource(config.database);
    await runMigrations(dataSource, config.database);
    const seconds = (await timed(() => seedBroadcastCorp(dataSource, corp))) / 1000;
    console.log(
      `seeded ${corp.customers.length} customers, ${corp.relations.length} relations, ${corp.members.length} members in ${round(seconds)} s`,
    );
  }
  const services = createServices({
    config,
    dataSource,
    logger: createLogger({ logLevel: 'silent', env: 'production' }),
    clock: () => corp.now,
    systemInfo: {
      version: 'bench',
      mode: 'production',
      dialect: 'mysql',
      startedAt: new Date(),
      wecom: { corpId: null, callbackConfigured: false },
    },
  });
  const { audience } = services;
  const result = await measureAudienceCount(audience, corp);
  console.log(
    'audience'.padEnd(36) +
      'customers'.padStart(10) +
      'merged'.padStart(8) +
      'senders'.padStart(8) +
      'p50 ms'.padStart(9) +
      'max ms'.padStart(9),
  );
  for (const each of result.cases) {
    console.log(
      each.label.padEnd(36) +
        String(each.customers).padStart(10) +
        String(each.merged).padStart(8) +
        String(each.senders).padStart(8) +
        String(each.p50).padStart(9) +
        String(each.max).padStart(9),
    );
  }
  let resolved = 0;
  const resolveMs = await timed(async () => {
    resolved = (await audience.resolve({ ...everyone }, { policy: 'last_chat' }, 'all', corp.now)).recipients
      .length;
  });
  await dataSource.destroy();
  console.log(
    `audience cases=${result.cases.length} count_p50_ms=${result.p50} count_p95_ms=${result.p95} resolve_rows=${resolved} resolve_ms=${round(resolveMs)}`,
  );
}

const everyone = {
  ownerIds: [],
  ownerDepartmentIds: [],
  tagConditions: [],
  excludeTagIds: [],
  groupChatIds: [],
  channels: [],
  genders: [],
  includeIds: [],
  excludeIds: [],
};
