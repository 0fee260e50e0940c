import type { CustomerListQuery } from '@keeper/shared';
import { customerListQuerySchema, Role } from '@keeper/shared';
import { actorWith } from '../../server/src/test/actors';
import { quantile, round, timed } from './stats';

const CUSTOMERS = 100_000;
const MEMBERS = 500;
const DEPARTMENTS = 25;
const TAGS = 60;
const STATES = [
  '',
  'spring-fair',
  'website',
  'wechat-ad',
  'store-qr',
  'referral',
  'webinar',
  'poster',
  'sms',
  'expo',
];
const RUNS_PER_QUERY = 30;

/** A deterministic PRNG, so every run measures the same data. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯婷雪琳晨欣怡然佳慧梓轩子涵雨博文思远一诺',
];

export async function runCustomersBenchmark(): Promise<void> {
  const server = process.env.KEEPER_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/keeper_bench`;
  process.env.LOG_LEVEL = 'silent';
  const { loadConfig } = await import('../../server/src/config/config');
  const { openDataSource } = await import('../../server/src/db/data-source');
  const { runMigrations } = await import('../../server/src/db/migrate');
  const { createServices } = await import('../../server/src/app');
  const { createLogger } = await import('../../server/src/logger');

  const config = loadConfig();
  const dataSource = await openDataSource(config.database);
  await runMigrations(dataSource, config.database);
  await seed(dataSource);

  const services = createServices({
    config,
    dataSource,
    logger: createLogger({ logLevel: 'silent', env: 'production' }),
    systemInfo: {
      version: 'bench',
      mode: 'production',
      dialect: 'mysql',
      startedAt: new Date(),
      wecom: { corpId: null, callbackConfigured: false },
    },
  });
  const admin = actorWith([Role.Admin], []);
  const manager = actorWith([Role.Manager], ['3', '7']);

  const query = (input: Record<string, unknown>): CustomerListQuery => customerListQuerySchema.parse(input);
  const recent = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const cases: [string, CustomerListQuery, typeof admin][] = [
    ['first page, newest first', query({}), admin],
    ['page 200', query({ page: 200 }), admin],
    ['search by name', query({ q: '王芳' }), admin],
    ['search by phone', query({ q: '4821' }), admin],
    ['filter by owner', query({ ownerId: 'member0042' }), admin],
    ['filter by department', query({ departmentId: '5' }), admin],
    ['filter by tag', query({ tagId: 'tag017' }), admin],
    ['filter by channel', query({ state: 'webinar' }), admin],
    ['lost customers', query({ status: 'lost' }), admin],
    ['added in the last 30 days', query({ addedFrom: recent }), admin],
    ['sorted by name', query({ sort: 'name', page: 10 }), admin],
    ['tag + active + 50 a page', query({ tagId: 'tag003', status: 'active', pageSize: 50 }), admin],
    ['manager scope, first page', query({}), manager],
    ['manager scope, search', query({ q: '李' }), manager],
    ['manager scope, tag', query({ tagId: 'tag010' }), manager],
  ];

  const all: number[] = [];
  console.log(
    `customers: ${CUSTOMERS} customers, ${MEMBERS} members in MariaDB; ${RUNS_PER_QUERY} runs per query`,
  );
  console.log('query'.padEnd(32) + 'p50 ms'.padStart(10) + 'p95 ms'.padStart(10) + 'rows'.padStart(10));
  for (const [label, input, who] of cases) {
    await services.customers.list(input, who); // warm the caches and the plan
    const durations: number[] = [];
    let total = 0;
    for (let run = 0; run < RUNS_PER_QUERY; run++) {
      durations.push(await timed(async () => (total = (await services.customers.list(input, who)).total)));
    }
    all.push(...durations);
    console.log(
      label.padEnd(32) +
        String(round(quantile(durations, 0.5))).padStart(10) +
        String(round(quantile(durations, 0.95))).padStart(10) +
        String(total).padStart(10),
    );
  }
  await dataSource.destroy();
  console.log(`customers p50_ms=${round(quantile(all, 0.5))} p95_ms=${round(quantile(all, 0.95))}`);
}

/** Seeds the benchmark corp once; later runs reuse it. */
async function seed(dataSource: import('typeorm').DataSource): Promise<void> {
  const [existing] = (await dataSource.query('SELECT COUNT(*) AS n FROM customers')) as { n: string }[];
  if (Number(existing?.n) === CUSTOMERS) return;
  console.log('seeding (once)…');
  for (const table of [
    'customer_follow_tags',
    'customer_follows',
    'customer_events',
    'customers',
    'member_departments',
    'members',
    'departments',
    'corp_tags',
    'corp_tag_groups',
  ]) {
    await dataSource.query(`DELETE FROM ${table}`);
  }
  const random = mulberry32(20261124);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const insert = async (table: string, columns: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const slice = rows.slice(i, i + 1000);
      await dataSource.query(
        `INSERT INTO ${table} (${columns.join(',')}) VALUES ${slice.map(() => `(${columns.map(() => '?').join(',')})`).join(',')}`,
        slice.flat(),
      );
    }
  };
  const now = new Date();
  await insert(
    'departments',
    ['id', 'name', 'parent_id', 'sort_order', 'updated_at'],
    Array.from({ length: DEPARTMENTS }, (_, i) => [
      String(i + 1),
      `部门${i + 1}`,
      i === 0 ? null : String(Math.max(1, Math.floor(i / 3))),
      0,
      now,
    ]),
  );
  const members = Array.from({ length: MEMBERS }, (_, i) => `member${String(i).padStart(4, '0')}`);
  await insert(
    'members',
    ['userid', 'name', 'main_department_id', 'status', 'created_at', 'updated_at'],
    members.map((userId, i) => [
      userId,
      pick(SURNAMES) + pick(GIVEN),
      String((i % DEPARTMENTS) + 1),
      i % 50 === 0 ? 'departed' : 'active',
      now,
      now,
    ]),
  );
  await insert(
    'member_departments',
    ['userid', 'department_id', 'is_leader'],
    members.map((userId, i) => [userId, String((i % DEPARTMENTS) + 1), 0]),
  );
  await insert(
    'corp_tag_groups',
    ['group_id', 'name', 'sort_order'],
    Array.from({ length: 6 }, (_, g) => [`group${g}`, `标签组${g}`, 0]),
  );
  const tags = Array.from({ length: TAGS }, (_, t) => `tag${String(t).padStart(3, '0')}`);
  await insert(
    'corp_tags',
    ['tag_id', 'group_id', 'name', 'sort_order'],
    tags.map((tagId, t) => [tagId, `group${t % 6}`, `标签${t}`, 0]),
  );

  const customers: unknown[][] = [];
  const follows: unknown[][] = [];
  const followTags: unknown[][] = [];
  const events: unknown[][] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const externalUserId = `wm${String(i).padStart(10, '0')}bench`;
    const name = pick(SURNAMES) + pick(GIVEN) + (random() < 0.5 ? pick(GIVEN) : '');
    const addedAt = new Date(now.getTime() - Math.floor(random() * 730 * 86_400_000));
    const owners = random() < 0.15 ? [pick(members), pick(members)] : [pick(members)];
    const lost = random() < 0.08;
    const phone =
      random() < 0.6
        ? `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`
        : '';
    const remark = random() < 0.4 ? `${name}-${pick(['老客户', '意向', 'VIP', '待跟进'])}` : null;
    customers.push([
      externalUserId,
      name,
      1,
      0,
      lost ? 'lost' : 'active',
      [name, remark, phone].filter(Boolean).join(' ').toLowerCase(),
      addedAt,
      lost ? now : null,
      now,
      now,
    ]);
    for (const [o, userId] of [...new Set(owners)].entries()) {
      const state = pick(STATES) || null;
      follows.push([
        externalUserId,
        userId,
        remark,
        phone,
        1,
        state,
        addedAt,
        lost ? 'deleted_by_member' : 'active',
        lost ? now : null,
        now,
      ]);
      events.push([externalUserId, userId, 'added', addedAt, now]);
      const tagCount = Math.floor(random() * 4);
      for (const tagId of new Set(Array.from({ length: tagCount }, () => pick(tags))))
        followTags.push([externalUserId, userId, tagId]);
      void o;
    }
  }
  await insert(
    'customers',
    [
      'external_userid',
      'name',
      'type',
      'gender',
      'status',
      'search_text',
      'first_added_at',
      'lost_at',
      'created_at',
      'updated_at',
    ],
    customers,
  );
  await insert(
    'customer_follows',
    [
      'external_userid',
      'userid',
      'remark',
      'remark_mobiles',
      'add_way',
      'state',
      'added_at',
      'status',
      'ended_at',
      'updated_at',
    ],
    follows,
  );
  await insert('customer_follow_tags', ['external_userid', 'userid', 'tag_id'], followTags);
  await insert(
    'customer_events',
    ['external_userid', 'userid', 'kind', 'occurred_at', 'recorded_at'],
    events,
  );
  await dataSource.query(
    'ANALYZE TABLE customers, customer_follows, customer_follow_tags, member_departments',
  );
  console.log(
    `seeded ${customers.length} customers, ${follows.length} follow relations, ${followTags.length} tags on them`,
  );
}
