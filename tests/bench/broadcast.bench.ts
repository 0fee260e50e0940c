import { CampaignStatus, Role, SyncTrigger, type AudienceFilter, type OwnerPolicy } from '@keeper/shared';
import { startSimulator } from '@keeper/wecom-sim';
import type { DataSource } from 'typeorm';
import type { Config } from '../../server/src/config/config';
import { actorWith } from '../../server/src/test/actors';
import { quantile, round, timed } from './stats';

const SENDERS = 500;
const CUSTOMERS_PER_SENDER = 200;
const CUSTOMERS = SENDERS * CUSTOMERS_PER_SENDER;
/** Every tenth sender confirms before the first results are pulled. */
const CONFIRMING_EVERY = 10;
const DATABASE = 'keeper_bench_broadcast';
/** WeCom's largest call and page sizes: what the fewest calls are counted with. */
const CUSTOMERS_PER_TASK = 10_000;
const RESULT_PAGE = 1_000;
const COUNT_SAMPLES = 60;
const MAX_PASSES = 20;

/**
 * `pnpm bench broadcast`: a campaign to 100,000 customers of 500 senders against the WeCom simulator with its call
 * limits on. Times the live audience count over varied filters, the submission (audience resolved into recipients,
 * one add_msg_template per sender and chunk), and the first pull of results after a tenth of the senders
 * confirmed; counts every WeCom call from submission on against the fewest that can do the job.
 */
export async function runBroadcastBenchmark(): Promise<void> {
  const server = process.env.KEEPER_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/${DATABASE}`;
  process.env.LOG_LEVEL = 'silent';
  await recreateDatabase(server);
  const { loadConfig } = await import('../../server/src/config/config');
  const { openDataSource } = await import('../../server/src/db/data-source');
  const { runMigrations } = await import('../../server/src/db/migrate');
  const { createServices } = await import('../../server/src/app');
  const { createLogger } = await import('../../server/src/logger');

  const sim = await startSimulator({ port: 0, customers: 0, groups: 0 });
  let dataSource: DataSource | undefined;
  try {
    const seedStarted = performance.now();
    const { scenarios } = sim.control;
    const departments = sim.state.directory.departments;
    const departmentIds = [...departments.keys()].filter((id) => id !== 1).slice(0, 10);
    const tags = sim.state.tags.groups.flatMap((group) => group.tags.map((tag) => tag.id));
    const senders: string[] = [];
    for (let i = 0; i < SENDERS; i++) {
      const { userid } = scenarios.memberJoins({
        userid: `bench${String(i).padStart(3, '0')}`,
        name: `成员${i + 1}`,
        department: [departmentIds[i % departmentIds.length]!],
      });
      senders.push(userid);
    }
    for (const [index, userid] of senders.entries()) {
      for (let i = 0; i < CUSTOMERS_PER_SENDER; i++) {
        const { external_userid } = scenarios.addContact({
          userid,
          customer: { gender: (i % 3) as 0 | 1 | 2 },
          state: i % 4 === 0 ? 'spring-fair' : '',
        });
        if (i % 3 === 0)
          scenarios.editContact({ userid, external_userid, add_tag: [tags[(index + i) % tags.length]!] });
      }
    }

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
    dataSource = await openDataSource(config.database);
    await runMigrations(dataSource, config.database);
    const services = createServices({
      config,
      dataSource,
      logger: createLogger({ logLevel: 'silent', env: 'production' }),
      clock: () => new Date(sim.clock.nowMs()),
      systemInfo: {
        version: 'bench',
        mode: 'production',
        dialect: 'mysql',
        startedAt: new Date(),
        wecom: { corpId: credentials.corpId, callbackConfigured: false },
      },
    });
    const syncStarted = performance.now();
    const seedSeconds = (syncStarted - seedStarted) / 1000;
    await services.orgSync.run(SyncTrigger.Manual);
    await services.customerSync.run(SyncTrigger.Manual);
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    console.log(
      `broadcast: ${CUSTOMERS} customers of ${SENDERS} senders in ${departmentIds.length} departments; WeCom simulator ` +
        `with its call limits, MariaDB (not timed: simulator seeded in ${round(seedSeconds)} s, Keeper's org and ` +
        `customer sync ${round(syncSeconds)} s)`,
    );

    // The live count, as the console asks it on every change of the audience builder.
    const admin = actorWith([Role.Admin], []);
    const marketer = actorWith([Role.Marketer], departmentIds.slice(0, 3).map(String));
    const filters = countFilters(senders, departmentIds.map(String), tags);
    const countTimes: number[] = [];
    for (let i = 0; i < COUNT_SAMPLES; i++) {
      const [filter, policy] = filters[i % filters.length]!;
      const who = i % 2 === 0 ? admin : marketer;
      countTimes.push(await timed(() => services.segments.count({ filter, ownerPolicy: policy }, who.user)));
    }
    const audienceP95 = quantile(countTimes, 0.95);
    console.log(
      `audience count: ${COUNT_SAMPLES} counts over ${filters.length} filters (corp-wide and a marketer of 3 ` +
        `departments): p50 ${round(quantile(countTimes, 0.5))} ms, p95 ${round(audienceP95)} ms, max ${round(Math.max(...countTimes))} ms`,
    );

    // The campaign to everyone.
    const campaign = await services.campaigns.create(
      {
        name: '全员老客回访',
        kind: 'customers',
        audience: emptyFilter(),
        ownerPolicy: { policy: 'last_chat' },
        content: { text: '感谢一路相伴，老客专享福利已到账，回复“1”了解详情。', materialIds: [] },
        recentDays: null,
        allowSelect: false,
        scheduledAt: null,
        deadlineDays: 7,
      },
      admin,
    );
    sim.control.clearApiCalls();
    const submitStarted = performance.now();
    await services.campaigns.submit(campaign.id, admin);
    await until('every task submitted', async () => {
      await services.broadcastEngine.runOnce();
      return (await services.campaigns.get(campaign.id, admin.user)).status === CampaignStatus.Running;
    });
    const submitSeconds = (performance.now() - submitStarted) / 1000;
    const submitted = await services.campaigns.get(campaign.id, admin.user);
    const submitCalls = sim.control.apiCalls();

    // A tenth of the senders confirm in WeCom; the first pull comes five minutes after submission.
    const confirming = senders.filter((_, index) => index % CONFIRMING_EVERY === 0);
    for (const message of sim.state.massMessages.values()) {
      const sender = message.tasks[0]!.userid;
      if (confirming.includes(sender)) scenarios.confirmMassMessage({ msgid: message.msgid, userid: sender });
    }
    sim.control.advanceClock(5 * 60 + 1);
    const pullStarted = performance.now();
    await services.broadcastEngine.runOnce();
    const pullSeconds = (performance.now() - pullStarted) / 1000;
    const pulled = await services.campaigns.get(campaign.id, admin.user);

    const calls = sim.control.apiCalls();
    const total = Object.entries(calls)
      .filter(([path]) => path !== 'gettoken')
      .reduce((sum, [, n]) => sum + n, 0);
    const tasks = Math.ceil(CUSTOMERS_PER_SENDER / CUSTOMERS_PER_TASK) * SENDERS;
    const minimum: [string, number][] = [
      ['externalcontact/add_msg_template', tasks],
      ['externalcontact/get_groupmsg_task', tasks],
      [
        'externalcontact/get_groupmsg_send_result',
        confirming.length * Math.ceil(CUSTOMERS_PER_SENDER / RESULT_PAGE),
      ],
    ];
    const minCalls = minimum.reduce((sum, [, n]) => sum + n, 0);
    const fewest = new Map(minimum);
    console.log(
      `submitted in ${round(submitSeconds)} s: ${submitted.tasks} tasks, funnel ${JSON.stringify(submitted.funnel)}; ` +
        `add_msg_template calls ${submitCalls['externalcontact/add_msg_template'] ?? 0}`,
    );
    console.log(
      `first results pulled in ${round(pullSeconds)} s after ${confirming.length} senders confirmed: sent ${pulled.funnel.sent}, ` +
        `pending ${pulled.funnel.pending}, not a friend ${pulled.funnel.notFriend}, limit reached ${pulled.funnel.limitReached}`,
    );
    console.log('path'.padEnd(52) + 'calls'.padStart(8) + 'fewest'.padStart(8));
    for (const path of [...new Set([...fewest.keys(), ...Object.keys(calls)])].sort())
      console.log(
        path.padEnd(52) + String(calls[path] ?? 0).padStart(8) + String(fewest.get(path) ?? 0).padStart(8),
      );
    const expectedSent = confirming.length * CUSTOMERS_PER_SENDER;
    if (submitted.funnel.submitted !== CUSTOMERS || pulled.funnel.sent !== expectedSent)
      throw new Error(
        `figures wrong: submitted ${submitted.funnel.submitted} of ${CUSTOMERS}, sent ${pulled.funnel.sent} of ${expectedSent}`,
      );
    console.log(
      `calls ÷ fewest = ${(total / minCalls).toFixed(2)} (target ≤ 1.10); audience p95 target < 500 ms`,
    );
    console.log(
      `broadcast recipients=${submitted.funnel.submitted} submit_s=${round(submitSeconds)} calls=${total} ` +
        `min_calls=${minCalls} audience_p95_ms=${round(audienceP95)}`,
    );
  } finally {
    await sim.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
  }
}

function emptyFilter(): AudienceFilter {
  return {
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
}

/** Audiences a marketer builds: everyone, by owners, departments, tags, channel, gender, silence, added dates. */
function countFilters(
  senders: string[],
  departments: string[],
  tags: string[],
): [AudienceFilter, OwnerPolicy][] {
  const all = emptyFilter();
  const lastChat: OwnerPolicy = { policy: 'last_chat' };
  return [
    [all, lastChat],
    [{ ...all, ownerIds: senders.slice(0, 50) }, lastChat],
    [{ ...all, ownerDepartmentIds: departments.slice(0, 2) }, { policy: 'first_owner' }],
    [{ ...all, tagConditions: [{ mode: 'any', tagIds: tags.slice(0, 3) }] }, lastChat],
    [{ ...all, tagConditions: [{ mode: 'none', tagIds: tags.slice(0, 2) }] }, lastChat],
    [{ ...all, excludeTagIds: [tags[0]!] }, lastChat],
    [{ ...all, channels: ['spring-fair'] }, lastChat],
    [{ ...all, genders: [2] }, lastChat],
    [{ ...all, silentDays: 30 }, lastChat],
    [
      { ...all, addedFrom: '2020-01-01', addedTo: '2030-12-31' },
      { policy: 'department_first', departmentId: departments[0]! },
    ],
    [
      {
        ...all,
        ownerDepartmentIds: departments.slice(0, 5),
        tagConditions: [{ mode: 'any', tagIds: tags.slice(0, 5) }],
        genders: [1, 2],
        silentDays: 7,
      },
      lastChat,
    ],
  ];
}

async function until(what: string, pass: () => Promise<boolean>): Promise<void> {
  for (let passes = 0; passes < MAX_PASSES; passes++) if (await pass()) return;
  throw new Error(`${what}: not reached in ${MAX_PASSES} engine passes`);
}

async function recreateDatabase(server: string): Promise<void> {
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ uri: server });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  } finally {
    await connection.end();
  }
}
