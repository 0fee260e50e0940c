import type { ConversationListQuery, MessageSearchQuery, MessageWindowQuery } from '@keeper/shared';
import {
  conversationListQuerySchema,
  messageSearchQuerySchema,
  messageWindowQuerySchema,
  Role,
} from '@keeper/shared';
import type { DataSource, QueryRunner } from 'typeorm';
import { chatLine, fileName, linkTitle, mulberry32, pick, RARE_WORD, VIOLATION_LINES } from './chat-text';
import { actorWith } from '../../server/src/test/actors';
import { quantile, round, timed } from './stats';

const MESSAGES = 1_000_000;
const CONVERSATIONS = 20_000;
/** Every 25th conversation is a customer group chat (800), the rest one-to-one member/customer chats. */
const GROUP_EVERY = 25;
const MEMBERS = 300;
const CUSTOMERS = 16_000;
const DEPARTMENTS = 12;
const DAYS = 365;
const BATCH = 2000;
const RUNS_PER_QUERY = 30;
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯婷雪琳晨欣怡然佳慧';

const memberId = (i: number) => `member${String(i).padStart(4, '0')}`;
const customerId = (i: number) => `wm${String(i).padStart(10, '0')}audit`;
const roomId = (i: number) => `wrbench${String(i).padStart(8, '0')}`;

/**
 * `pnpm bench audit`: what an auditor waits for in a corp with a year of chat archive — one million messages in
 * ~20,000 conversations — through Keeper's services (ArchiveService: conversation windows, the conversation list,
 * message search as the console sends it), for an admin and for a manager scoped to two departments.
 */
export async function runAuditBenchmark(): Promise<void> {
  const server = process.env.KEEPER_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/keeper_bench_audit`;
  process.env.LOG_LEVEL = 'silent';
  const { loadConfig } = await import('../../server/src/config/config');
  const { openDataSource } = await import('../../server/src/db/data-source');
  const { runMigrations } = await import('../../server/src/db/migrate');
  const { createServices } = await import('../../server/src/app');
  const { createLogger } = await import('../../server/src/logger');

  const config = loadConfig();
  const dataSource = await openDataSource(config.database);
  try {
    await runMigrations(dataSource, config.database);
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
    await seed(dataSource, () => services.auditRules.seedBuiltins());

    const admin = actorWith([Role.Admin], []);
    const manager = actorWith([Role.Manager], ['3', '7']);
    const managerDepartments = await services.scopes.departmentsFor(manager.user);
    if (managerDepartments === 'all') throw new Error('the manager must be scoped');

    const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => {
      const [row] = (await dataSource.query(sql, params)) as T[];
      if (!row) throw new Error(`no row for ${sql}`);
      return row;
    };
    const busy = await one<{ id: string; message_count: number }>(
      'SELECT id, message_count FROM archive_conversations ORDER BY message_count DESC LIMIT 1',
    );
    const busySingle = await one<{ id: string; member_id: string; customer_id: string }>(
      `SELECT id, member_id, customer_id FROM archive_conversations WHERE kind = 'single' ORDER BY message_count DESC LIMIT 1`,
    );
    const inScope = await one<{ id: string; member_id: string }>(
      `SELECT v.id, v.member_id FROM archive_conversations v WHERE v.kind = 'single' AND v.member_id IN
        (SELECT md.userid FROM member_departments md WHERE md.department_id IN (${managerDepartments.map(() => '?').join(',')}))
       ORDER BY v.message_count DESC LIMIT 1`,
      managerDepartments,
    );
    // Anchors in the busy conversation: the oldest of the newest window, and one about six months back.
    const newest = await services.archive.window(busy.id, windowQuery({}), admin);
    const firstOfNewest = newest.items[0]?.id;
    if (!firstOfNewest) throw new Error('the busy conversation is empty');
    const halfYear = await one<{ id: string }>(
      'SELECT id FROM archive_messages WHERE conversation_id = ? AND msgtime < ? ORDER BY msgtime DESC, id DESC LIMIT 1',
      [busy.id, new Date(Date.now() - 182 * DAY_MS)],
    );
    // Jumps (`around`): a fixed set of random messages anywhere in the archive, one per run.
    const random = mulberry32(7);
    const jumps: { id: string; conversationId: string }[] = [];
    for (let i = 0; jumps.length < RUNS_PER_QUERY + 1 && i < 10 * RUNS_PER_QUERY; i++) {
      const row = await one<{ id: string; conversation_id: string }>(
        'SELECT id, conversation_id FROM archive_messages WHERE id >= ? ORDER BY id LIMIT 1',
        [1 + Math.floor(random() * MESSAGES)],
      ).catch(() => undefined);
      if (row && row.conversation_id !== '0') jumps.push({ id: row.id, conversationId: row.conversation_id });
    }
    const activeMember = await one<{ sender_id: string }>(
      `SELECT sender_id FROM archive_messages WHERE msgtime >= ? AND sender_id LIKE 'member%'
        GROUP BY sender_id ORDER BY COUNT(*) DESC LIMIT 1`,
      [new Date(Date.now() - 30 * DAY_MS)],
    );

    const last = (days: number) => ({ from: shanghaiDayStart(days - 1), to: shanghaiDayEnd(0) });
    type Viewer = typeof admin;
    type Case = [label: string, run: (i: number) => Promise<number>];
    const win = (
      label: string,
      conversationId: string,
      input: Record<string, unknown>,
      who: Viewer,
    ): Case => [
      label,
      async () => (await services.archive.window(conversationId, windowQuery(input), who)).items.length,
    ];
    const list = (label: string, input: Record<string, unknown>, who: Viewer): Case => [
      label,
      async () => (await services.archive.conversations(listQuery(input), who)).total,
    ];
    const search = (label: string, input: Record<string, unknown>, who: Viewer): Case => [
      label,
      async () => (await services.archive.search(searchQuery(input), who)).total,
    ];

    const pageCases: Case[] = [
      win(`newest window, busiest (${busy.message_count} msgs)`, busy.id, {}, admin),
      win('older window (before the newest)', busy.id, { before: firstOfNewest }, admin),
      win('older window (before, 6 months back)', busy.id, { before: halfYear.id }, admin),
      [
        'jump (around) a random message',
        async (i) => {
          const jump = jumps[i % jumps.length]!;
          return (await services.archive.window(jump.conversationId, windowQuery({ around: jump.id }), admin))
            .items.length;
        },
      ],
      list('conversation list, page 1', {}, admin),
      list('conversation list, page 200', { page: 200 }, admin),
      list('conversation list, by member', { memberId: busySingle.member_id }, admin),
      list('conversation list, with violations', { withViolations: true }, admin),
      list('manager: conversation list, page 1', {}, manager),
      win('manager: newest window (in scope)', inScope.id, {}, manager),
    ];
    const searchCases: Case[] = [
      search('keyword, last 30 days (default)', { q: '合同', ...last(30) }, admin),
      search(
        'keyword + sender, 30 days',
        { q: '报价', senderId: activeMember.sender_id, ...last(30) },
        admin,
      ),
      search(
        'keyword + customer, 30 days',
        { q: '发货', customerId: busySingle.customer_id, ...last(30) },
        admin,
      ),
      search('keyword, last 7 days', { q: '发票', ...last(7) }, admin),
      search('rare word, 30 days', { q: RARE_WORD, ...last(30) }, admin),
      search('common word, 30 days', { q: '好的', ...last(30) }, admin),
      search('type filter (file), 30 days', { msgtype: 'file', ...last(30) }, admin),
      search('keyword, page 5, 30 days', { q: '您', page: 5, ...last(30) }, admin),
      search('manager: keyword, 30 days', { q: '合同', ...last(30) }, manager),
      search(
        'manager: keyword + sender, 30 days',
        { q: '发货', senderId: inScope.member_id, ...last(30) },
        manager,
      ),
    ];

    console.log(
      `audit: ${MESSAGES} archived messages in ${CONVERSATIONS} conversations over ${DAYS} days in MariaDB; ` +
        `${RUNS_PER_QUERY} runs per query after a warm-up`,
    );
    const header = () =>
      console.log('query'.padEnd(46) + 'p50 ms'.padStart(9) + 'p95 ms'.padStart(9) + 'rows'.padStart(9));
    const measure = async (cases: Case[]) => {
      const all: number[] = [];
      for (const [label, run] of cases) {
        await run(RUNS_PER_QUERY); // warm the caches and the plan
        const durations: number[] = [];
        let rows = 0;
        for (let i = 0; i < RUNS_PER_QUERY; i++)
          durations.push(await timed(async () => (rows = await run(i))));
        all.push(...durations);
        console.log(
          label.padEnd(46) +
            String(round(quantile(durations, 0.5))).padStart(9) +
            String(round(quantile(durations, 0.95))).padStart(9) +
            String(rows).padStart(9),
        );
      }
      return all;
    };
    console.log('— conversation pages (rows = messages in the window, or conversations in total)');
    header();
    const pages = await measure(pageCases);
    console.log('— message search (rows = total matches)');
    header();
    const searches = await measure(searchCases);
    console.log(
      `all page queries p50 ${round(quantile(pages, 0.5))} ms; all searches p50 ${round(quantile(searches, 0.5))} ms`,
    );
    console.log(
      `audit page_p95_ms=${round(quantile(pages, 0.95))} search_p95_ms=${round(quantile(searches, 0.95))}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

const windowQuery = (input: Record<string, unknown>): MessageWindowQuery =>
  messageWindowQuerySchema.parse({ limit: 100, ...input });
const listQuery = (input: Record<string, unknown>): ConversationListQuery =>
  conversationListQuerySchema.parse(input);
const searchQuery = (input: Record<string, unknown>): MessageSearchQuery =>
  messageSearchQuerySchema.parse(input);

/** The start of the China calendar day `daysAgo` days before today, as the console sends it. */
function shanghaiDayStart(daysAgo: number): string {
  const day = new Date(Math.floor((Date.now() + SHANGHAI_MS) / DAY_MS) * DAY_MS - daysAgo * DAY_MS);
  return `${day.toISOString().slice(0, 10)}T00:00:00.000+08:00`;
}

function shanghaiDayEnd(daysAgo: number): string {
  return shanghaiDayStart(daysAgo).replace('T00:00:00.000', 'T23:59:59.999');
}

interface Conversation {
  id: number;
  key: string;
  kind: 'single' | 'group';
  member: string;
  customer: number;
  room: string | null;
  messages: number;
  violations: number;
  lastAt: Date | null;
  lastPreview: string | null;
}

/**
 * Seeds the archive once (later runs reuse it when the message count matches): the directory, customers and
 * groups the participants come from, then a year of messages in time order (ids and seqs grow with time, as
 * the puller writes them) with their contents rows and ~0.5 % violations, in multi-row INSERTs of 2,000 rows.
 */
async function seed(dataSource: DataSource, seedRules: () => Promise<void>): Promise<void> {
  const [row] = (await dataSource.query('SELECT COUNT(*) AS n FROM archive_messages')) as { n: string }[];
  if (Number(row?.n) === MESSAGES) return;
  const startedAt = performance.now();
  console.log(`seeding ${MESSAGES} messages (once)…`);
  for (const table of [
    'violations',
    'audit_rules',
    'archive_message_contents',
    'archive_messages',
    'archive_conversations',
    'archive_state',
    'customer_groups',
    'customer_follows',
    'customers',
    'member_departments',
    'members',
    'departments',
  ]) {
    await dataSource.query(`TRUNCATE TABLE ${table}`);
  }
  await seedRules();
  const rules = (await dataSource.query(
    `SELECT id, severity FROM audit_rules WHERE builtin_key IN ('personal_wechat', 'private_payment') ORDER BY id`,
  )) as { id: number; severity: string }[];
  if (rules.length === 0) throw new Error('the built-in rules are missing');

  // Two connections of their own, with the checks a bulk load may skip (this session only).
  const runners: QueryRunner[] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
  for (const runner of runners) {
    await runner.connect();
    await runner.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  }
  const insert = async (runner: QueryRunner, table: string, columns: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const slice = rows.slice(i, i + BATCH);
      const tuple = `(${columns.map(() => '?').join(',')})`;
      await runner.query(
        `INSERT INTO ${table} (${columns.join(',')}) VALUES ${slice.map(() => tuple).join(',')}`,
        slice.flat(),
      );
    }
  };
  const main = runners[0]!;
  const random = mulberry32(20261124);
  const now = new Date();
  const yearAgo = now.getTime() - DAYS * DAY_MS;

  await insert(
    main,
    'departments',
    ['id', 'name', 'parent_id', 'sort_order', 'updated_at'],
    Array.from({ length: DEPARTMENTS }, (_, i) => [
      String(i + 1),
      `销售${i + 1}部`,
      i === 0 ? null : String(Math.max(1, Math.floor(i / 3))),
      0,
      now,
    ]),
  );
  const name = () =>
    pick(random, [...SURNAMES]) + pick(random, [...GIVEN]) + (random() < 0.5 ? pick(random, [...GIVEN]) : '');
  await insert(
    main,
    'members',
    ['userid', 'name', 'main_department_id', 'status', 'created_at', 'updated_at'],
    Array.from({ length: MEMBERS }, (_, i) => [
      memberId(i),
      name(),
      String((i % DEPARTMENTS) + 1),
      'active',
      now,
      now,
    ]),
  );
  await insert(
    main,
    'member_departments',
    ['userid', 'department_id', 'is_leader'],
    Array.from({ length: MEMBERS }, (_, i) => [memberId(i), String((i % DEPARTMENTS) + 1), 0]),
  );
  await insert(
    main,
    'customers',
    [
      'external_userid',
      'name',
      'type',
      'gender',
      'status',
      'search_text',
      'first_added_at',
      'created_at',
      'updated_at',
    ],
    Array.from({ length: CUSTOMERS }, (_, i) => {
      const customerName = name();
      return [customerId(i), customerName, 1, 0, 'active', customerName, new Date(yearAgo), now, now];
    }),
  );

  // Conversations: each single chat is a distinct member/customer pair; groups are owned by a member.
  const conversations: Conversation[] = [];
  const pairs = new Set<string>();
  for (let i = 0; i < CONVERSATIONS; i++) {
    const member = memberId(Math.floor(random() * MEMBERS));
    if (i % GROUP_EVERY === 0) {
      const room = roomId(i);
      conversations.push({
        id: i + 1,
        key: `group:${room}`,
        kind: 'group',
        member,
        customer: Math.floor(random() * CUSTOMERS),
        room,
        messages: 0,
        violations: 0,
        lastAt: null,
        lastPreview: null,
      });
      continue;
    }
    let customer = Math.floor(random() * CUSTOMERS);
    while (pairs.has(`${member}:${customer}`)) customer = Math.floor(random() * CUSTOMERS);
    pairs.add(`${member}:${customer}`);
    conversations.push({
      id: i + 1,
      key: `single:${member}:${customerId(customer)}`,
      kind: 'single',
      member,
      customer,
      room: null,
      messages: 0,
      violations: 0,
      lastAt: null,
      lastPreview: null,
    });
  }
  await insert(
    main,
    'customer_groups',
    ['chat_id', 'name', 'owner_userid', 'notice', 'status', 'created_at', 'updated_at'],
    conversations
      .filter((c) => c.kind === 'group')
      .map((c) => [
        c.room,
        `${pick(random, ['VIP', '团购', '售后', '新品'])}客户群${c.id}`,
        c.member,
        null,
        'active',
        new Date(yearAgo),
        now,
      ]),
  );
  await insert(
    main,
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
      'updated_at',
    ],
    conversations
      .filter((c) => c.kind === 'single')
      .map((c) => [customerId(c.customer), c.member, null, '', 1, null, new Date(yearAgo), 'active', now]),
  );

  // Messages in time order; conversations drawn with a skew (a few very busy chats, a long tail).
  const messageColumns = [
    'id',
    'msgid',
    'seq',
    'conversation_id',
    'sender_id',
    'action',
    'msgtype',
    'msgtime',
    'search_text',
    'recalled_at',
    'recall_of',
    'violation_count',
  ];
  const step = (DAYS * DAY_MS) / MESSAGES;
  let violationCount = 0;
  let rareCount = 0;
  for (let start = 0; start < MESSAGES; start += BATCH) {
    const messages: unknown[][] = [];
    const contents: unknown[][] = [];
    const violations: unknown[][] = [];
    for (let k = start; k < Math.min(MESSAGES, start + BATCH); k++) {
      const id = k + 1;
      const conversation = conversations[Math.floor(CONVERSATIONS * random() ** 2)]!;
      const at = new Date(yearAgo + Math.floor(k * step + random() * step));
      const group = conversation.kind === 'group';
      const memberSpeaks = random() < (group ? 0.3 : 0.55);
      const sender = memberSpeaks
        ? conversation.member
        : customerId(
            group ? (conversation.customer + Math.floor(random() * 40)) % CUSTOMERS : conversation.customer,
          );
      const tolist = group
        ? [conversation.member, customerId(conversation.customer)].filter((each) => each !== sender)
        : [memberSpeaks ? customerId(conversation.customer) : conversation.member];
      const r = random();
      let msgtype = 'text';
      let content: Record<string, unknown>;
      let text: string;
      let media: { sdkFileId: string; md5: string; fileSize: number } | null = null;
      let rule: { id: number; severity: string } | undefined;
      if (memberSpeaks && r < 0.01) {
        text = pick(random, VIOLATION_LINES);
        content = { content: text };
        rule = pick(random, rules);
      } else if (r < 0.86) {
        text =
          random() < 0.00004
            ? `请问${RARE_WORD}什么时候到货？`
            : chatLine(random, memberSpeaks ? (group ? 'group' : 'member') : 'customer');
        if (text.includes(RARE_WORD)) rareCount++;
        content = { content: text };
      } else if (r < 0.92 || r >= 0.98) {
        msgtype = r < 0.92 ? 'image' : 'voice';
        text = '';
        media = {
          sdkFileId: `bench-${id.toString(36)}`,
          md5: (id * 2654435761).toString(16).padStart(32, '0').slice(0, 32),
          fileSize: 20_000 + Math.floor(random() * 400_000),
        };
        content =
          msgtype === 'image'
            ? { md5sum: media.md5, filesize: media.fileSize, sdkfileid: media.sdkFileId }
            : { voice_size: media.fileSize, play_length: 8, sdkfileid: media.sdkFileId, md5sum: media.md5 };
      } else if (r < 0.95) {
        msgtype = 'file';
        const file = `${fileName(random)}.pdf`;
        text = file;
        media = {
          sdkFileId: `bench-${id.toString(36)}`,
          md5: (id * 40503).toString(16).padStart(32, '0').slice(0, 32),
          fileSize: 50_000 + Math.floor(random() * 900_000),
        };
        content = {
          filename: file,
          fileext: 'pdf',
          filesize: media.fileSize,
          sdkfileid: media.sdkFileId,
          md5sum: media.md5,
        };
      } else {
        msgtype = 'link';
        const title = linkTitle(random);
        const description = chatLine(random, 'member');
        text = `${title} ${description}`;
        content = { title, description, link_url: `https://shop.example.cn/p/${id}`, image_url: '' };
      }
      const searchText = text.toLowerCase().slice(0, 1000);
      const msgid = `bench${id.toString(36).padStart(6, '0')}_${Math.floor(random() * 2 ** 32).toString(36)}`;
      messages.push([
        id,
        msgid,
        String(id),
        conversation.id,
        sender,
        'send',
        msgtype,
        at,
        searchText,
        null,
        null,
        rule ? 1 : 0,
      ]);
      // As the archive keeps it: the decrypted JSON WeCom sent.
      contents.push([
        id,
        JSON.stringify({
          msgid,
          action: 'send',
          from: sender,
          tolist,
          roomid: conversation.room ?? '',
          msgtime: at.getTime(),
          msgtype,
          [msgtype]: content,
        }),
      ]);
      if (rule) {
        violationCount++;
        conversation.violations++;
        const status = pick(random, ['new', 'new', 'confirmed', 'dismissed']);
        violations.push([
          rule.id,
          id,
          conversation.id,
          sender,
          rule.severity,
          text.slice(0, 6),
          text.slice(0, 300),
          status,
          status === 'new' ? null : 'bench',
          status === 'new' ? null : at,
          at,
        ]);
      }
      conversation.messages++;
      conversation.lastAt = at;
      conversation.lastPreview = searchText ? searchText.slice(0, 60) : `[${msgtype}]`;
    }
    await Promise.all([
      insert(main, 'archive_messages', messageColumns, messages),
      insert(runners[1]!, 'archive_message_contents', ['message_id', 'content'], contents),
    ]);
    if (violations.length) {
      await insert(
        main,
        'violations',
        [
          'rule_id',
          'message_id',
          'conversation_id',
          'member_id',
          'severity',
          'matched',
          'excerpt',
          'status',
          'handled_by',
          'handled_at',
          'occurred_at',
        ],
        violations,
      );
    }
    if ((start / BATCH) % 50 === 49) {
      console.log(`  ${start + BATCH} messages (${round((performance.now() - startedAt) / 1000)} s)`);
    }
  }
  await insert(
    main,
    'archive_conversations',
    [
      'id',
      'conversation_key',
      'kind',
      'member_id',
      'customer_id',
      'room_id',
      'last_message_at',
      'last_preview',
      'message_count',
      'violation_count',
    ],
    conversations.map((c) => [
      c.id,
      c.key,
      c.kind,
      c.kind === 'group' ? null : c.member,
      c.kind === 'group' ? null : customerId(c.customer),
      c.room,
      c.lastAt,
      c.lastPreview,
      c.messages,
      c.violations,
    ]),
  );
  await main.query(
    `INSERT INTO archive_state (name, checkpoint_seq, last_pull_at, last_pulled) VALUES ('main', ?, ?, 0)`,
    [String(MESSAGES), now],
  );
  for (const runner of runners) await runner.release();
  await dataSource.query(
    'ANALYZE TABLE archive_messages, archive_message_contents, archive_conversations, violations, members, member_departments, customers, customer_follows, customer_groups',
  );
  console.log(
    `seeded ${MESSAGES} messages, ${CONVERSATIONS} conversations, ${violationCount} violations, ` +
      `${rareCount} with the rare word, in ${round((performance.now() - startedAt) / 1000)} s`,
  );
}
