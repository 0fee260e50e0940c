import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SyncTrigger } from '@keeper/shared';
import { startSimulator } from '@keeper/wecom-sim';
import { buildFinanceSdkDouble } from '../finance-sdk-double/build.mjs';
import { createLogger } from '../../server/src/logger';
import { attachSocketGateway } from '../../server/src/realtime/socket-gateway';
import { createTestApp, type TestApp } from '../../server/src/test/test-app';
import type { TestDatabase } from '../../server/src/test/test-database';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export interface KeeperWithSimulator {
  keeper: TestApp;
  keeperUrl: string;
  sim: Simulator;
  /** Wraps every callback request to Keeper; tests use it to slow answers down. */
  intercept: { beforeAnswer?: () => Promise<void> };
  close(): Promise<void>;
}

/** Keeper and the simulator with the organisation and the customer book synced, as after Keeper's first start. */
export async function startSyncedKeeperWithSimulator(
  ...args: Parameters<typeof startKeeperWithSimulator>
): Promise<KeeperWithSimulator> {
  const world = await startKeeperWithSimulator(...args);
  await world.keeper.services.orgSync.run(SyncTrigger.Manual);
  await world.keeper.services.customerSync.run(SyncTrigger.Manual);
  return world;
}

/**
 * Keeper (in-process, listening on a real port, on this worker's database) and the WeCom simulator,
 * wired as in production: Keeper calls the simulator's API, the simulator POSTs encrypted callbacks to Keeper.
 */
export async function startKeeperWithSimulator(
  db: TestDatabase,
  simOptions: Parameters<typeof startSimulator>[0] = {},
  options: { archive?: ArchiveKeys } = {},
): Promise<KeeperWithSimulator> {
  const sim = await startSimulator({
    port: 0,
    customers: 300,
    ...simOptions,
    callbacks: { timeoutMs: 1_000, retryIntervalMs: 50, ...simOptions.callbacks },
    ...(options.archive
      ? { archive: { publicKeys: { 1: options.archive.publicPem }, currentKeyVersion: 1 } }
      : {}),
  });
  const credentials = sim.control.credentials();
  const archive = options.archive ? await archiveConfig(options.archive, sim.url) : undefined;
  const keeper = createTestApp(db, {
    wecom: {
      apiBaseUrl: sim.url,
      corpId: credentials.corpId,
      callback: { token: credentials.token, encodingAesKey: credentials.aesKey, maxBodyBytes: 256 * 1024 },
      contactSecret: credentials.secrets.contact,
      archiveSecret: credentials.secrets.archive,
      agent: { agentId: String(credentials.agentId), secret: credentials.secrets.agent },
      ...(archive ? { archive } : {}),
    },
    // Keeper's "now" for transfers moves with the simulated corp's clock, as it would with WeCom's.
    clock: () => new Date(sim.clock.nowMs()),
  });
  const intercept: KeeperWithSimulator['intercept'] = {};
  keeper.app.middleware.unshift(async (ctx, next) => {
    await next();
    if (ctx.path === '/wecom/callback' && intercept.beforeAnswer) await intercept.beforeAnswer();
  });
  const server = http.createServer(keeper.app.callback());
  const io = attachSocketGateway({
    server,
    services: keeper.services,
    logger: createLogger({ logLevel: 'silent', env: 'test' }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const keeperUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.control.setCallbackUrl(`${keeperUrl}/wecom/callback`);
  return {
    keeper,
    keeperUrl,
    sim,
    intercept,
    async close() {
      await keeper.services.dispatcher.stop();
      await keeper.services.puller.stop();
      await keeper.services.handoverJobs.stop();
      await keeper.services.broadcastJobs.stop();
      await keeper.services.archiveSource?.sdk.close();
      await sim.close();
      await io.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ArchiveKeys {
  publicPem: string;
  privatePem: string;
}

export function archiveKeyPair(): ArchiveKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The archive wired as in production: the SDK double (gcc) reads the simulator's archive, the private key is a
 * file Keeper reads at start.
 */
async function archiveConfig(keys: ArchiveKeys, simUrl: string, version = 1) {
  const sdkPath = await buildFinanceSdkDouble();
  process.env.FINANCE_SDK_DOUBLE_ENDPOINT = `${simUrl}/__finance`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-archive-keys-'));
  const keyFile = path.join(dir, `v${version}.pem`);
  fs.writeFileSync(keyFile, keys.privatePem);
  return {
    sdkPath,
    privateKeyFiles: [{ version, path: keyFile }],
    pullIntervalMs: 60_000,
    mediaDir: path.join(dir, 'media'),
    maxMediaFileBytes: 20 * 1024 * 1024,
    maxMediaStoreBytes: 200 * 1024 * 1024,
  };
}

/** What the app's middleware carries when it is a router's dispatch (@koa/router sets `router` on it). */
interface RouterDispatch {
  router?: { stack: { methods: string[]; path: string }[] };
}

/** Every method and path registered on the app's routers, walked from its middleware. */
export function registeredRoutes(app: { middleware: unknown[] }): { method: string; path: string }[] {
  return app.middleware.flatMap((middleware) =>
    ((middleware as RouterDispatch).router?.stack ?? []).flatMap((layer) =>
      layer.methods.map((method) => ({ method, path: layer.path })),
    ),
  );
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
