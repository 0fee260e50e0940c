import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startSimulator, type ChatMessage, type RunningSimulator } from '@keeper/wecom-sim';
import type { DataSource, QueryRunner } from 'typeorm';
import { buildFinanceSdkDouble } from '../finance-sdk-double/build.mjs';
import type { Config } from '../../server/src/config/config';
import { chatLine, fileName, linkTitle, mulberry32, pick, VIOLATION_LINES, type Random } from './chat-text';
import type { RsaWorkerInit, RsaWorkerReply } from './rsa-worker';
import { cpuAccounting, pidOf } from './cpu-accounting';
import { round } from './stats';

/**
 * Fifty pages: a corp's first pull (a backlog) is the case that needs the speed, and it is long enough that the
 * steady rate, not JIT warm-up and the pipeline's first and last page, sets the figure.
 */
const DEFAULT_MESSAGES = 50_000;
const RSA_SECONDS = 3;
const DATABASE = 'keeper_bench_archive';

/**
 * `pnpm bench archive`: the chat archive pulled end to end — GetChatData through the Finance SDK double over koffi
 * in the supervised host process, RSA + DecryptData in its worker threads, normalisation, rules and one MariaDB
 * transaction per page — against the machine's raw RSA-2048 private-decrypt rate on all cores, measured in the
 * same run. RSA is the one cost archiving cannot avoid (one per message), so ratio = how close the pipeline gets.
 * BENCH_ARCHIVE_MESSAGES sets the count; BENCH_CPU_EACH_THREAD=1 lists the CPU seconds of every thread.
 */
export async function runArchiveBenchmark(): Promise<void> {
  const target = Number(process.env.BENCH_ARCHIVE_MESSAGES ?? DEFAULT_MESSAGES);
  if (!Number.isInteger(target) || target < 1)
    throw new Error('BENCH_ARCHIVE_MESSAGES must be a positive integer');
  const server = process.env.KEEPER_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
  process.env.DATABASE_URL = `${server}/${DATABASE}`;
  process.env.LOG_LEVEL = 'silent';
  await recreateDatabase(server);
  const { loadConfig } = await import('../../server/src/config/config');
  const { openDataSource } = await import('../../server/src/db/data-source');
  const { runMigrations } = await import('../../server/src/db/migrate');
  const { createServices } = await import('../../server/src/app');
  const { createLogger } = await import('../../server/src/logger');

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cores = availableParallelism();

  const sim = await startSimulator({
    port: 0,
    customers: 200,
    archive: { publicKeys: { 1: publicPem }, currentKeyVersion: 1 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'keeper-bench-archive-'));
  let closeSdk: () => Promise<void> = async () => undefined;
  let dataSource: DataSource | undefined;
  try {
    const generation = generateChats(sim, target, mulberry32(20261124));

    const sdkPath = await buildFinanceSdkDouble();
    process.env.FINANCE_SDK_DOUBLE_ENDPOINT = `${sim.url}/__finance`;
    const keyFile = join(dir, 'archive-v1.pem');
    await writeFile(keyFile, privatePem, { mode: 0o600 });
    const credentials = sim.control.credentials();
    const base = loadConfig();
    const config: Config = {
      ...base,
      wecom: {
        ...base.wecom,
        apiBaseUrl: sim.url,
        corpId: credentials.corpId,
        contactSecret: credentials.secrets.contact,
        archiveSecret: credentials.secrets.archive,
        archive: {
          sdkPath,
          privateKeyFiles: [{ version: 1, path: keyFile }],
          pullIntervalMs: 60_000,
          mediaDir: join(dir, 'media'),
          maxMediaFileBytes: 20 * 1024 * 1024,
          maxMediaStoreBytes: 200 * 1024 * 1024,
        },
      },
    };
    dataSource = await openDataSource(config.database);
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
        wecom: { corpId: credentials.corpId, callbackConfigured: false },
      },
    });
    const sdk = services.archiveSource?.sdk;
    if (!sdk) throw new Error('the archive is not configured: createFinanceSdk returned nothing');
    closeSdk = () => sdk.close();
    await services.orgSync.run('manual');
    await services.auditRules.seedBuiltins();

    // Warm-up, not timed: start the SDK host (fork, koffi, Init) and its decrypt threads (each loads tsx, koffi
    // and the key ring), and compile the rules. One item per thread; the checkpoint does not move.
    await sdk.pullChatData('0', cores).decrypted;
    await services.auditRules.matcher();
    // WeCom encrypts each message once, when it archives it, and serves that ciphertext from then on; the
    // simulator does the same on first fetch. Have it seal every message now, so its encryption (which runs
    // in this process) is not counted as Keeper's work.
    for (let after = 0; ;) {
      const page = await sdk.getChatData(String(after), 1000);
      if (page.length === 0) break;
      after = Number(page[page.length - 1]!.seq);
    }

    // The raw RSA rate is measured right before and right after the pull and averaged: on a shared machine the
    // CPU available changes from minute to minute, and the ratio should compare like with like.
    const loadBefore = loadavg()[0]!;
    const rsaBefore = await measureRsa({ privatePem, publicPem, seconds: RSA_SECONDS }, cores);
    const cpu = cpuAccounting(
      { 'keeper + simulator': process.pid, 'sdk host': sdk.pid, mariadb: pidOf('mariadbd') },
      { eachThread: process.env.BENCH_CPU_EACH_THREAD === '1' },
    );
    const probe = instrument(dataSource, services);
    cpu.start();
    const started = performance.now();
    const pulled = await services.puller.pullUntilCaughtUp();
    const wall = (performance.now() - started) / 1000;
    cpu.stop();
    probe.stop();
    if (!pulled) throw new Error('the puller did not get its lease');

    const count = async (sql: string) => Number(((await dataSource!.query(sql)) as { n: string }[])[0]?.n);
    const n = await count('SELECT COUNT(*) AS n FROM archive_messages');
    if (n !== target || pulled.inserted !== target) {
      throw new Error(
        `archive_messages holds ${n} rows and the puller inserted ${pulled.inserted}; expected exactly ${target}`,
      );
    }
    const v = await count('SELECT COUNT(*) AS n FROM violations');
    const c = await count('SELECT COUNT(*) AS n FROM archive_conversations');
    const state = await services.puller.state();
    if (state.parkedSeq) throw new Error(`the puller parked at ${state.parkedSeq}: ${state.parkedReason}`);

    const seconds = (probe.lastCommitAt - probe.firstFetchAt) / 1000;
    const msgsPerSecond = target / seconds;

    await closeSdk();
    closeSdk = async () => undefined;
    await sim.close();

    const rsaAfter = await measureRsa({ privatePem, publicPem, seconds: RSA_SECONDS }, cores);
    const rsa = {
      perThread: rsaBefore.perThread.map((rate, i) => (rate + (rsaAfter.perThread[i] ?? rate)) / 2),
      total: (rsaBefore.total + rsaAfter.total) / 2,
    };
    const openssl = await opensslRsaSign(cores);
    const ratio = msgsPerSecond / rsa.total;

    const line = (label: string, value: string) => console.log(label.padEnd(44) + value.padStart(14));
    console.log(
      `archive: ${target} messages (${generation.demo} from the demo corp + ${generation.generated} generated: ` +
        `${Object.entries(generation.byType)
          .map(([type, count]) => `${count} ${type}`)
          .join(', ')}; ${generation.violations} rule bait, ${generation.recalls} recalls) ` +
        `in ${c} conversations`,
    );
    console.log(
      'timed from the first GetChatData to the last COMMIT; the SDK host, its decrypt threads and the rule ' +
        'matcher were warmed up first (not counted)',
    );
    line('messages', String(target));
    line('seconds (first GetChatData → last commit)', seconds.toFixed(2));
    line('seconds (pullUntilCaughtUp, wall)', wall.toFixed(2));
    line('pages', String(pulled.pages));
    line('violations recorded', String(v));
    line('msgs/s', String(Math.round(msgsPerSecond)));
    line('load average (1 min) before the pull', loadBefore.toFixed(2));
    line('RSA-2048 private decrypts/s per core (Node)', rsa.perThread.map((r) => Math.round(r)).join(' / '));
    line('cores (os.availableParallelism)', String(cores));
    line(
      'RSA limit /s (sum over cores; before / after)',
      `${Math.round(rsaBefore.total)} / ${Math.round(rsaAfter.total)}`,
    );
    line('RSA limit /s (sum over cores, Node, mean)', String(Math.round(rsa.total)));
    line(
      `openssl speed -multi ${cores} rsa2048 sign/s`,
      openssl === undefined ? 'n/a' : String(Math.round(openssl)),
    );
    line('ratio msgs/s ÷ RSA limit', ratio.toFixed(2));
    probe.report(target, rsa.total, seconds);
    console.log(
      `CPU seconds during the pull (${cores} cores × ${wall.toFixed(2)} s = ${(cores * wall).toFixed(2)} s available):`,
    );
    for (const [process, thread, used] of cpu.rows())
      console.log(`  ${`${process} / ${thread}`.padEnd(62)}${used.toFixed(2).padStart(10)}`);
    console.log(
      `archive msgs_per_s=${Math.round(msgsPerSecond)} rsa_limit_per_s=${Math.round(rsa.total)} ratio=${ratio.toFixed(2)}`,
    );
  } finally {
    await closeSdk().catch(() => undefined);
    await sim.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
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

interface Generation {
  demo: number;
  generated: number;
  byType: Record<string, number>;
  violations: number;
  recalls: number;
}

/**
 * Fills the simulator's archive up to `target` messages through its programmatic scenarios (chat, chat-violation,
 * chat-recall): bursts of one-to-one chats between real member/customer pairs of the demo corp and some group
 * chat, mostly Chinese text with images, files, links and voice, a few messages the rules must flag. The
 * scenarios stamp "now"; the messages are then spread over the last four days in seq order, as WeCom's are.
 */
function generateChats(sim: RunningSimulator, target: number, random: Random): Generation {
  const state = sim.state;
  const { scenarios } = sim.control;
  const demo = state.chats.size();
  const follows = state.customers
    .allFollows()
    .filter((follow) => state.directory.member(follow.userid) && state.permitUsers.has(follow.userid));
  const groups = [...state.groups.values()].filter((group) => !group.dismissed && group.members.length > 2);
  if (follows.length === 0) throw new Error('the demo corp has no archived member/customer pairs');
  const byType: Record<string, number> = {};
  const memberMessages: string[] = [];
  let violations = 0;
  let recalls = 0;
  const span = 4 * 86_400_000;
  let clock = Date.now() - span;
  const meanGap = span / Math.max(1, target - demo);
  const stamp = (messages: ChatMessage[]) => {
    for (const message of messages) {
      clock += Math.max(200, Math.round(-Math.log(1 - random()) * meanGap));
      message.msgtime = Math.min(clock, Date.now());
      byType[message.msgtype] = (byType[message.msgtype] ?? 0) + 1;
      if (message.action === 'send' && state.directory.member(message.from))
        memberMessages.push(message.msgid);
    }
  };
  const body = (who: 'member' | 'customer' | 'group') => {
    const r = random();
    if (r < 0.86) return { msgtype: 'text' as const, content: chatLine(random, who) };
    if (r < 0.92) return { msgtype: 'image', body: { image: {} } };
    if (r < 0.95) {
      const name = fileName(random);
      const ext = pick(random, ['pdf', 'docx', 'xlsx']);
      return {
        msgtype: 'file',
        body: {
          file: {
            filename: `${name}.${ext}`,
            fileext: ext,
            filesize: 20_000 + Math.floor(random() * 180_000),
          },
        },
      };
    }
    if (r < 0.98) {
      return {
        msgtype: 'link',
        body: {
          link: {
            title: linkTitle(random),
            description: chatLine(random, 'member'),
            link_url: `https://shop.example.cn/p/${Math.floor(random() * 1e6)}`,
            image_url: `https://img.example.cn/${Math.floor(random() * 1e6)}.jpg`,
          },
        },
      };
    }
    return { msgtype: 'voice', body: { voice: { play_length: 3 + Math.floor(random() * 40) } } };
  };

  while (state.chats.size() < target) {
    const left = () => target - state.chats.size();
    const r = random();
    if (r < 0.005) {
      const follow = pick(random, follows);
      stamp(
        scenarios.chatViolation({
          userid: follow.userid,
          external_userid: follow.external_userid,
          kind: pick(random, ['private_wechat', 'bank_card', 'private_payment'] as const),
        }).messages,
      );
      violations++;
      continue;
    }
    if (r < 0.007 && memberMessages.length > 0) {
      const msgid = memberMessages.splice(Math.floor(random() * memberMessages.length), 1)[0]!;
      stamp([scenarios.chatRecall({ msgid }).message]);
      recalls++;
      continue;
    }
    if (r < 0.08 && groups.length > 0) {
      const group = pick(random, groups);
      for (let turn = 1 + Math.floor(random() * 6); turn > 0 && left() > 0; turn--) {
        const from = pick(random, group.members).userid;
        const who = state.directory.member(from) ? 'group' : 'customer';
        stamp(scenarios.chat({ from, roomid: group.chat_id, messages: [body(who)] }).messages);
      }
      continue;
    }
    const follow = pick(random, follows);
    for (let turn = 1 + Math.floor(random() * 6); turn > 0 && left() > 0; turn--) {
      const memberSpeaks = random() < 0.55;
      const count = Math.min(left(), 1 + Math.floor(random() * 2.5));
      const messages = Array.from({ length: count }, () => body(memberSpeaks ? 'member' : 'customer'));
      const bait = memberSpeaks && random() < 0.002;
      if (bait) messages[0] = { msgtype: 'text', content: pick(random, VIOLATION_LINES) };
      violations += bait ? 1 : 0;
      stamp(
        scenarios.chat({
          from: memberSpeaks ? follow.userid : follow.external_userid,
          to: [memberSpeaks ? follow.external_userid : follow.userid],
          messages,
        }).messages,
      );
    }
  }
  return { demo, generated: state.chats.size() - demo, byType, violations, recalls };
}

type Services = ReturnType<(typeof import('../../server/src/app'))['createServices']>;

interface SqlStat {
  count: number;
  ms: number;
}

/**
 * Times the puller from the outside, without touching server code: the first pullChatData, the page
 * transactions, every SQL statement (through the data source's query runners) and the rule matcher. The puller
 * holds the same objects, so it calls the wrappers. Pages are read ahead, so fetching and decrypting overlap the
 * writer; the CPU accounting says where their time went.
 */
function instrument(dataSource: DataSource, services: Services) {
  const sdk = services.archiveSource!.sdk;
  const totals = { transaction: 0, match: 0, sqlInTransaction: 0, pages: 0 };
  const sql = new Map<string, SqlStat>();
  let firstFetchAt = 0;
  let lastCommitAt = 0;
  let inTransaction = 0;
  const restore: (() => void)[] = [];

  const pullChatData = sdk.pullChatData.bind(sdk);
  sdk.pullChatData = (...args) => {
    if (firstFetchAt === 0) firstFetchAt = performance.now();
    return pullChatData(...args);
  };
  restore.push(() => (sdk.pullChatData = pullChatData));

  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(dataSource, {
    transaction: async (...args: unknown[]) => {
      const at = performance.now();
      inTransaction++;
      try {
        return await transaction(...args);
      } finally {
        inTransaction--;
        totals.transaction += performance.now() - at;
        totals.pages++;
      }
    },
  });
  restore.push(() => Object.assign(dataSource, { transaction }));

  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  const record = (text: string, ms: number) => {
    const kind = sqlKind(text);
    const stat = sql.get(kind) ?? { count: 0, ms: 0 };
    stat.count++;
    stat.ms += ms;
    sql.set(kind, stat);
    if (inTransaction > 0) totals.sqlInTransaction += ms;
    if (kind === 'COMMIT') lastCommitAt = performance.now();
  };
  // Full bulk INSERTs bypass the query runner (prepared statements on the runner's mysql2 connection).
  type Execute = (
    sql: string,
    params: unknown[],
    callback: (error: unknown, result: unknown) => void,
  ) => void;
  const timedConnections = new WeakSet<object>();
  const timeExecute = (connection: { execute?: Execute } | undefined) => {
    if (!connection?.execute || timedConnections.has(connection)) return;
    timedConnections.add(connection);
    const execute = connection.execute.bind(connection);
    connection.execute = (text, params, callback) => {
      const at = performance.now();
      execute(text, params, (error, result) => {
        record(`${text} (prepared)`, performance.now() - at);
        callback(error, result);
      });
    };
  };
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = createQueryRunner(...args);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = (async (...args: unknown[]) => {
      const at = performance.now();
      try {
        return await query(...args);
      } finally {
        record(String(args[0]), performance.now() - at);
        timeExecute((runner as unknown as { databaseConnection?: { execute?: Execute } }).databaseConnection);
      }
    }) as QueryRunner['query'];
    return runner;
  };
  restore.push(() => (dataSource.createQueryRunner = createQueryRunner));

  const matcher = services.auditRules.matcher.bind(services.auditRules);
  const wrapped = new WeakSet<object>();
  services.auditRules.matcher = async () => {
    const compiled = await matcher();
    if (!wrapped.has(compiled)) {
      wrapped.add(compiled);
      const match = compiled.match.bind(compiled);
      compiled.match = (message) => {
        const at = performance.now();
        try {
          return match(message);
        } finally {
          totals.match += performance.now() - at;
        }
      };
    }
    return compiled;
  };
  restore.push(() => (services.auditRules.matcher = matcher));

  return {
    get firstFetchAt() {
      return firstFetchAt;
    },
    get lastCommitAt() {
      return lastCommitAt;
    },
    stop() {
      for (const undo of restore.reverse()) undo();
    },
    /** Where the time went, per page phase and per kind of SQL statement. */
    report(messages: number, rsaLimit: number, seconds: number) {
      const totalMs = seconds * 1000;
      const share = (ms: number) =>
        `${round(ms / 1000).toFixed(1)} s`.padStart(10) +
        `${round((100 * ms) / totalMs).toFixed(1)} %`.padStart(9);
      const phase = (label: string, ms: number) => console.log(`  ${label.padEnd(62)}${share(ms)}`);
      console.log(`phase breakdown (the writer's time; ${totals.pages} page transactions):`);
      phase('waiting for the next decrypted page', totalMs - totals.transaction);
      phase(
        `  RSA alone at the measured limit (${messages} ÷ RSA limit), for comparison`,
        (messages / rsaLimit) * 1000,
      );
      phase('page transaction (ingestPage + checkpoint + commit)', totals.transaction);
      phase('  of which SQL round trips', totals.sqlInTransaction);
      phase('  of which rule matching (RuleMatcher.match)', totals.match);
      phase(
        '  of which other JS (building rows and statements)',
        totals.transaction - totals.sqlInTransaction - totals.match,
      );
      console.log('SQL statements (all of the pull):');
      console.log(
        `  ${'statement'.padEnd(50)}${'count'.padStart(8)}${'total s'.padStart(10)}${'avg ms'.padStart(9)}`,
      );
      for (const [kind, stat] of [...sql].sort((a, b) => b[1].ms - a[1].ms)) {
        console.log(
          `  ${kind.padEnd(50)}${String(stat.count).padStart(8)}${(stat.ms / 1000).toFixed(2).padStart(10)}${(stat.ms / stat.count).toFixed(2).padStart(9)}`,
        );
      }
    },
  };
}

/** A statement's kind: verb and table (and, for the conversation updates, which of the two). */
function sqlKind(text: string): string {
  const sql = text.trim();
  if (/^(START TRANSACTION|COMMIT|ROLLBACK)/i.test(sql)) return sql.split(/\s*;/)[0]!.toUpperCase();
  const table = (pattern: RegExp) => pattern.exec(sql)?.[1] ?? '?';
  if (/^INSERT/i.test(sql))
    return `INSERT ${table(/^INSERT INTO `?(\w+)`?/i)}${sql.endsWith('(prepared)') ? ' (prepared)' : ''}`;
  if (/^UPDATE/i.test(sql)) {
    const name = table(/^UPDATE `?(\w+)`?/i);
    if (name === 'archive_conversations')
      return `UPDATE ${name} (${/message_count/.test(sql) ? 'counters' : 'last message'})`;
    if (name === 'archive_messages')
      return `UPDATE ${name} (${/violation_count/.test(sql) ? 'violation count' : 'recalled'})`;
    return `UPDATE ${name}`;
  }
  if (/^DELETE/i.test(sql)) return `DELETE ${table(/^DELETE FROM `?(\w+)`?/i)}`;
  if (/^SELECT/i.test(sql)) return `SELECT ${table(/\bFROM `?(\w+)`?/i)}`;
  return sql.split(/\s/)[0]!.toUpperCase();
}

/**
 * Keeper's RSA (rsaDecryptPkcs1v15 from @keeper/bot) in one worker thread per core, all started together after
 * each has loaded and made its ciphertexts with publicEncrypt; the per-thread rates summed.
 */
async function measureRsa(
  init: RsaWorkerInit,
  threads: number,
): Promise<{ perThread: number[]; total: number }> {
  const loader = import.meta.resolve('tsx/esm/api');
  const entry = pathToFileURL(join(import.meta.dirname, 'rsa-worker.ts')).href;
  const source = `const loader = await import(${JSON.stringify(loader)}); loader.register(); await import(${JSON.stringify(entry)});`;
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true, workerData: init }));
  try {
    const next = (worker: Worker) =>
      new Promise<RsaWorkerReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    await Promise.all(workers.map(next));
    const done = workers.map(next);
    for (const worker of workers) worker.postMessage('go');
    const perThread = (await Promise.all(done)).map((reply) =>
      reply.type === 'done' ? (reply.ops / reply.ms) * 1000 : 0,
    );
    return { perThread, total: perThread.reduce((a, b) => a + b, 0) };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** `openssl speed -seconds 3 -multi <cores> rsa2048`: the private-key (sign) operations per second, summed. */
async function opensslRsaSign(cores: number): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      'openssl',
      ['speed', '-seconds', String(RSA_SECONDS), '-multi', String(cores), 'rsa2048'],
      { maxBuffer: 4 * 1024 * 1024 },
    );
    const found = /^rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)/m.exec(stdout);
    return found ? Number(found[1]) : undefined;
  } catch {
    return undefined; // no openssl binary
  }
}
