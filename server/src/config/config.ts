import path from 'node:path';
import { envSchema, type Env } from './config.schema';

export type DatabaseConfig =
  | {
      dialect: 'mysql';
      url: string;
      /** How long opening a connection (TCP and handshake) may take; unset: mysql2's default (10 s). */
      connectTimeoutMs?: number;
      /** How long one query may take before it fails and its connection is dropped; unset: no limit. */
      queryTimeoutMs?: number;
    }
  | { dialect: 'sqlite'; path: string };

/** Keeper's configuration: parsed once at start-up; the only place that reads `process.env`. */
export interface Config {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; publicUrl: string; secureCookies: boolean; trustProxy: boolean };
  logLevel: Env['LOG_LEVEL'];
  /**
   * Prometheus metrics: on the public port only with the bearer `token`; on a `listener` of their own (bound to
   * 127.0.0.1 unless told otherwise) without one. Neither set: not served.
   */
  metrics: { token: string | undefined; listener: { host: string; port: number } | undefined };
  database: DatabaseConfig;
  redisUrl: string | undefined;
  auth: {
    sessionTtlMs: number;
    maxFailuresPerAccount: number;
    maxFailuresPerIp: number;
    lockMs: number;
    initialAdmin: { username: string; password: string } | undefined;
  };
  consoleDist: string | undefined;
  wecom: WeComConfig;
  /** The materials library (素材库): where its files are kept (by SHA-256, private like the data folder). */
  materials: { dir: string };
  /** Running against the WeCom simulator's demo corp: the console says so everywhere. */
  sandbox: boolean;
  /**
   * The sandbox's sample media (the simulator's fixtures, set by `npm start`): the materials library starts with
   * them so that a sandbox has something to send.
   */
  sandboxMediaDir: string | undefined;
  orgSyncIntervalMs: number;
  customerSyncIntervalMs: number;
  /**
   * Whether this process runs the background work (inbox dispatcher, syncs). Scale-out deployments may keep
   * some processes to HTTP only; every Keeper process accepts callbacks either way.
   */
  runJobs: boolean;
}

/** WeCom credentials; each part is optional and the features that need a missing one stay off. */
export interface WeComConfig {
  apiBaseUrl: string;
  corpId: string | undefined;
  callback: { token: string; encodingAesKey: string; maxBodyBytes: number } | undefined;
  contactSecret: string | undefined;
  agent: { agentId: string; secret: string } | undefined;
  archiveSecret: string | undefined;
  /** The chat archive: the Finance SDK library and every private key version (paths; read at start-up). */
  archive: {
    sdkPath: string | undefined;
    privateKeyFiles: { version: number; path: string }[];
    pullIntervalMs: number;
    mediaDir: string;
    maxMediaFileBytes: number;
    maxMediaStoreBytes: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: { key: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((problem) => `  - ${problem.key}: ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  // An empty variable (`PORT=` copied from .env.example) means "not set", not "zero" or "empty".
  const given = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ key: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  const env = parsed.data;
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return {
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicUrl,
      secureCookies: publicUrl.startsWith('https://'),
      trustProxy: env.TRUST_PROXY,
    },
    logLevel: env.LOG_LEVEL,
    metrics: {
      token: env.METRICS_TOKEN,
      listener:
        env.METRICS_PORT === undefined ? undefined : { host: env.METRICS_HOST, port: env.METRICS_PORT },
    },
    database: env.DATABASE_URL
      ? {
          dialect: 'mysql',
          url: env.DATABASE_URL,
          connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
          queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_SECONDS * 1000,
        }
      : { dialect: 'sqlite', path: path.resolve(env.SQLITE_PATH) },
    redisUrl: env.REDIS_URL,
    auth: {
      sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      lockMs: env.LOGIN_LOCK_MINUTES * 60_000,
      initialAdmin:
        env.KEEPER_ADMIN_USER && env.KEEPER_ADMIN_PASSWORD
          ? { username: env.KEEPER_ADMIN_USER, password: env.KEEPER_ADMIN_PASSWORD }
          : undefined,
    },
    consoleDist: env.CONSOLE_DIST,
    wecom: {
      apiBaseUrl: env.WECOM_API_BASE_URL.replace(/\/+$/, ''),
      corpId: env.WECOM_CORP_ID,
      callback:
        env.WECOM_TOKEN && env.WECOM_AES_KEY
          ? {
              token: env.WECOM_TOKEN,
              encodingAesKey: env.WECOM_AES_KEY,
              maxBodyBytes: env.WECOM_CALLBACK_MAX_BYTES,
            }
          : undefined,
      contactSecret: env.WECOM_CONTACT_SECRET,
      agent: agentOf(env),
      archiveSecret: env.WECOM_ARCHIVE_SECRET,
      archive: {
        sdkPath: env.WECOM_FINANCE_SDK_PATH ? path.resolve(env.WECOM_FINANCE_SDK_PATH) : undefined,
        privateKeyFiles: (env.WECOM_ARCHIVE_PRIVATE_KEYS ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => {
            const [version, ...file] = pair.split(':');
            return { version: Number(version), path: path.resolve(file.join(':')) };
          }),
        pullIntervalMs: env.ARCHIVE_PULL_INTERVAL_SECONDS * 1000,
        mediaDir: path.resolve(env.ARCHIVE_MEDIA_DIR),
        maxMediaFileBytes: env.ARCHIVE_MEDIA_MAX_FILE_MB * 1024 * 1024,
        maxMediaStoreBytes: env.ARCHIVE_MEDIA_STORE_MAX_GB * 1024 * 1024 * 1024,
      },
    },
    materials: { dir: path.resolve(env.MATERIALS_DIR) },
    sandbox: env.KEEPER_SANDBOX,
    sandboxMediaDir: env.KEEPER_SANDBOX_MEDIA_DIR ? path.resolve(env.KEEPER_SANDBOX_MEDIA_DIR) : undefined,
    orgSyncIntervalMs: env.ORG_SYNC_INTERVAL_MINUTES * 60_000,
    customerSyncIntervalMs: env.CUSTOMER_SYNC_INTERVAL_MINUTES * 60_000,
    runJobs: env.KEEPER_RUN_JOBS,
  };
}

/** The bot's app; when it is the customer-contact app itself, its secret is that app's secret. */
function agentOf(env: Env): WeComConfig['agent'] {
  const secret = env.WECOM_AGENT_SECRET ?? env.WECOM_CONTACT_SECRET;
  return env.WECOM_AGENT_ID && secret ? { agentId: env.WECOM_AGENT_ID, secret } : undefined;
}

let loaded: Config | undefined;

/** The process configuration, parsed from the environment on first use. */
export function loadConfig(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
