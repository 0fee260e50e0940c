import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@keeper/shared';
import type { Redis } from 'ioredis';
import type Koa from 'koa';
import supertest from 'supertest';
import { createApp, type Services } from '../app';
import { loadConfig, type Config } from '../config/config';
import { createLogger } from '../logger';
import type { KeeperState } from '../http/context';
import type { TestDatabase } from './test-database';

export interface TestApp {
  app: Koa<KeeperState>;
  services: Services;
  config: Config;
  http: () => ReturnType<typeof supertest>;
  /** Creates an account with the given roles and signs it in; the agent keeps the cookie. */
  signIn(
    roles: Role[],
    options?: { username?: string; departmentIds?: string[]; wecomUserId?: string },
  ): Promise<{ agent: ReturnType<typeof supertest.agent>; csrfToken: string; userId: number }>;
}

export const TEST_PASSWORD = 'correct horse battery';

export interface TestAppOptions {
  /** Keeper's notion of now for WeCom's slow rules (the simulator's clock in tests that move it). */
  clock?: () => Date;
  auth?: Partial<Config['auth']>;
  http?: Partial<Config['http']>;
  wecom?: Partial<Config['wecom']>;
  metrics?: Partial<Config['metrics']>;
  /** The materials library's files: a fresh temporary folder unless told otherwise. */
  materials?: Partial<Config['materials']>;
  /** Serve a built console from this folder, as the server does in production. */
  consoleDist?: string;
  /** Scale-out mode: login limits, WeCom tokens and call budgets in this Redis. */
  redis?: Redis;
}

/** Fast retries so that parking can be observed within a test. */
export const TEST_DISPATCHER_OPTIONS = {
  retryDelaysMs: [10, 10],
  pollIntervalMs: 50,
  leaseMs: 5_000,
  batchSize: 20,
};

export function createTestApp(db: TestDatabase, options: TestAppOptions = {}): TestApp {
  const base = loadConfig();
  const config: Config = {
    ...base,
    auth: { ...base.auth, ...options.auth },
    http: { ...base.http, ...options.http },
    wecom: { ...base.wecom, ...options.wecom },
    metrics: { ...base.metrics, ...options.metrics },
    materials: {
      dir: fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-materials-')),
      ...options.materials,
    },
  };
  const { app, services } = createApp({
    config,
    dataSource: db.dataSource,
    redis: options.redis,
    consoleDist: options.consoleDist,
    logger: createLogger({ logLevel: 'silent', env: 'test' }),
    dispatcherOptions: TEST_DISPATCHER_OPTIONS,
    ...(options.clock ? { clock: options.clock } : {}),
    systemInfo: {
      version: 'test',
      mode: 'sandbox',
      dialect: config.database.dialect,
      startedAt: new Date(),
      wecom: { corpId: null, callbackConfigured: false },
    },
  });
  const server = app.callback();
  let accounts = 0;
  return {
    app,
    services,
    config,
    http: () => supertest(server),
    async signIn(roles, options = {}) {
      const username = options.username ?? `user${++accounts}`;
      const user = await services.users.create({
        username,
        displayName: username,
        password: TEST_PASSWORD,
        roles,
        departmentIds: options.departmentIds ?? [],
        wecomUserId: options.wecomUserId ?? null,
      });
      const agent = supertest.agent(server);
      const response = await agent
        .post('/api/auth/login')
        .send({ username, password: TEST_PASSWORD })
        .expect(200);
      return { agent, csrfToken: (response.body as { csrfToken: string }).csrfToken, userId: user.id };
    },
  };
}
