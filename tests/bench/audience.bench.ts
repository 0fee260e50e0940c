import type { DataSource } from 'typeorm';
import { buildBroadcastCorp, measureAudienceCount, seedBroadcastCorp } from './broadcast-corp';
import { round, timed } from './stats';

const MEMBERS = Number(process.env.KEEPER_BENCH_MEMBERS ?? 500);
const DATABASE = MEMBERS === 500 ? 'keeper_bench_audience' : `keeper_bench_audience_m${MEMBERS}`;

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
  const corp = buildBroadcastCorp({ now: new Date('2026-11-30T04:00:00Z'), members: MEMBERS });
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
  const guardMs = await measureGuard(dataSource, services.frequencyGuard, corp);
  await dataSource.destroy();
  console.log(
    `audience cases=${result.cases.length} count_p50_ms=${result.p50} count_p95_ms=${result.p95} resolve_rows=${resolved} resolve_ms=${round(resolveMs)} guard_ms=${round(guardMs)}`,
  );
}

/**
 * The frequency guard over every customer of the corp, with two earlier campaigns in its history: one that sent
 * to 60,000 customers this week and one still waiting on its senders for 30,000. Written and removed each run.
 */
async function measureGuard(
  dataSource: DataSource,
  guard: import('../../server/src/modules/broadcasts/frequency-guard').FrequencyGuard,
  corp: ReturnType<typeof buildBroadcastCorp>,
): Promise<number> {
  const { insertRows } = await import('../../server/src/db/bulk-insert');
  const clear = async () => {
    for (const table of ['broadcast_recipients', 'broadcast_tasks', 'broadcast_campaigns'])
      await dataSource.query(`DELETE FROM ${table}`);
  };
  await clear();
  const ids = corp.customers.map((customer) => customer.externalUserId);
  const sentAt = new Date(corp.now.getTime() - 3_600_000);
  await dataSource.transaction(async (manager) => {
    for (const [campaign, status, state, from, count] of [
      [1, 'finished', 'sent', 0, 60_000],
      [2, 'running', 'pending', 40_000, 30_000],
    ] as const) {
      await manager.query(
        `INSERT INTO broadcast_campaigns (id, name, kind, status, owner_policy, content, created_by) VALUES (?, 'bench', 'customers', ?, '{}', '{}', 'bench')`,
        [campaign, status],
      );
      await manager.query(
        'INSERT INTO broadcast_tasks (id, campaign_id, chunk, status, requested_at) VALUES (?, ?, 0, ?, ?)',
        [campaign, campaign, 'submitted', sentAt],
      );
      await insertRows(
        manager,
        'broadcast_recipients',
        ['campaign_id', 'target_id', 'sender_userid', 'state', 'task_id', 'sent_at'],
        ids
          .slice(from, from + count)
          .map((id) => [campaign, id, 'sender0000', state, campaign, state === 'sent' ? sentAt : null]),
      );
    }
  });
  let refused = 0;
  const ms = await timed(async () => {
    refused = (await guard.estimate(ids, { rule: 'day', recentDays: 7, now: corp.now })).size;
  });
  await clear();
  console.log(
    `frequency guard: ${ids.length} customers, ${refused} refused or reached lately, ${round(ms)} ms`,
  );
  return ms;
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
