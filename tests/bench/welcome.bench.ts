import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SendWelcomeMessageRequest } from '@keeper/bot';
import { startSimulator } from '@keeper/wecom-sim';
import type { DataSource } from 'typeorm';
import { benchDatabase } from './keeper-against-simulator';
import { quantile } from './stats';

const ADDS = 1_000;
const SPREAD_MS = 10_000;
const MEMBERS = ['ChenJing', 'HuangQiang', 'XuBin'];
/** WeCom's welcome code lives 20 s (protocol §11.2); the simulator refuses it after. */
const WINDOW_MS = 20_000;

/**
 * `pnpm bench welcome`: 1,000 add_external_contact callbacks with welcome codes, through a channel code with a
 * welcome message, over 10 s, delivered by the simulator as signed callbacks to Keeper's HTTP server (the
 * callback route, the inbox and its dispatcher as in production). Measures from a callback's arrival at
 * Keeper to WeCom accepting send_welcome_msg. Late: adds whose welcome did not make WeCom's 20 s.
 */
export async function runWelcomeBenchmark(): Promise<void> {
  await benchDatabase('keeper_bench_welcome');
  const sim = await startSimulator({ port: 0, customers: 0, groups: 0 });
  let dataSource: DataSource | undefined;
  let server: http.Server | undefined;
  let stopKeeper: (() => Promise<void>) | undefined;
  try {
    const { loadConfig } = await import('../../server/src/config/config');
    const { openDataSource } = await import('../../server/src/db/data-source');
    const { runMigrations } = await import('../../server/src/db/migrate');
    const { createApp } = await import('../../server/src/app');
    const { createLogger } = await import('../../server/src/logger');
    const credentials = sim.control.credentials();
    const base = loadConfig();
    const config = {
      ...base,
      wecom: {
        ...base.wecom,
        apiBaseUrl: sim.url,
        corpId: credentials.corpId,
        contactSecret: credentials.secrets.contact,
        agent: { agentId: String(credentials.agentId), secret: credentials.secrets.agent },
        callback: { token: credentials.token, encodingAesKey: credentials.aesKey, maxBodyBytes: 256 * 1024 },
      },
    };
    dataSource = await openDataSource(config.database);
    await runMigrations(dataSource, config.database);
    const { app, services } = createApp({
      config,
      dataSource,
      logger: createLogger({ logLevel: 'silent', env: 'production' }),
      clock: () => new Date(sim.clock.nowMs()),
      systemInfo: {
        version: 'bench',
        mode: 'production',
        dialect: 'mysql',
        startedAt: new Date(),
        wecom: { corpId: credentials.corpId, callbackConfigured: true },
      },
    });

    // When each callback arrived (first thing in Keeper's HTTP stack), by the welcome code it carries.
    const arrival = new AsyncLocalStorage<number>();
    app.middleware.unshift((_ctx, next) => arrival.run(performance.now(), next));
    const arrivedAt = new Map<string, number>();
    const inbox = services.inbox!;
    const receive = inbox.receive.bind(inbox);
    inbox.receive = async (query, body) => {
      const started = arrival.getStore() ?? performance.now();
      const result = await receive(query, body);
      const code = (result.event as { welcomeCode?: string }).welcomeCode;
      if (code && result.stored) arrivedAt.set(code, started);
      return result;
    };
    // When WeCom accepted each welcome.
    const sentAt = new Map<string, number>();
    const client = services.wecom.contact!;
    const sendWelcome = client.sendWelcomeMessage.bind(client);
    client.sendWelcomeMessage = async (request: SendWelcomeMessageRequest, options) => {
      const reply = await sendWelcome(request, options);
      sentAt.set(request.welcome_code, performance.now());
      return reply;
    };

    // KEEPER_BENCH_WELCOME_DISPATCHER_ONLY=1: no send from the callback route, only the dispatcher's handler
    // (to measure what the route's early send is worth).
    if (process.env.KEEPER_BENCH_WELCOME_DISPATCHER_ONLY === '1')
      services.channelWelcomes.early = () => undefined;

    server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    sim.control.setCallbackUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`);
    services.dispatcher.start();
    services.channelDuty.schedule();
    stopKeeper = async () => {
      await services.channelDuty.stop();
      await services.dispatcher.stop();
    };

    const channel = await services.channels.create(
      {
        name: '双十一直播',
        state: 'live-1111',
        memberIds: MEMBERS,
        shifts: [],
        dailyCap: null,
        backupMemberIds: [],
        skipVerify: true,
        tagIds: [],
        remarkPrefix: null,
        welcome: { text: '感谢扫码！回复「1」领取直播间专属优惠券。', materialIds: [] },
      },
      { username: 'bench', scope: { all: true, departmentIds: [] } },
    );

    console.log(`welcome: ${ADDS} adds through channel code ${channel.state} over ${SPREAD_MS / 1000} s`);
    const started = performance.now();
    for (let i = 0; i < ADDS; i += 1) {
      const due = started + (i * SPREAD_MS) / ADDS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sim.control.scenarios.addContact({
        userid: MEMBERS[i % MEMBERS.length]!,
        config_id: channel.configId!,
      });
    }
    const issuedSeconds = (performance.now() - started) / 1000;
    await sim.control.callbacksIdle();
    const deadline = performance.now() + WINDOW_MS + 5_000;
    while (sentAt.size < ADDS && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));

    const latencies: number[] = [];
    let late = 0;
    for (const [code, arrived] of arrivedAt) {
      const sent = sentAt.get(code);
      if (sent === undefined || sent - arrived > WINDOW_MS) late += 1;
      else latencies.push(sent - arrived);
    }
    late += ADDS - arrivedAt.size; // callbacks that never arrived could not be welcomed
    const simSent = sim.state.sentWelcomes.length;
    latencies.sort((a, b) => a - b);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    console.log(
      `welcome: adds issued in ${issuedSeconds.toFixed(1)} s; callbacks arrived ${arrivedAt.size}; ` +
        `welcomes the simulator accepted ${simSent}`,
    );
    console.log(
      `welcome: arrival → send_welcome_msg p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ` +
        `max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`,
    );
    console.log(`welcome sent=${simSent} late=${late} p99_ms=${Math.round(p99)}`);
  } finally {
    await stopKeeper?.();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await sim.close();
    await dataSource?.destroy();
  }
}
