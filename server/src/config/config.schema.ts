import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/**
 * Every environment variable Keeper reads, with its rules. `.env.example` documents the same list.
 * Secrets have no defaults: either they are set or the feature that needs them stays off.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: port.default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: z
      .url()
      .optional()
      .or(z.literal('').transform(() => undefined)),
    TRUST_PROXY: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    METRICS_TOKEN: optionalString.pipe(
      z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
    ),
    METRICS_PORT: port.optional(),
    METRICS_HOST: z.string().default('127.0.0.1'),

    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^mysql:\/\//, 'must be a mysql:// URL (leave unset for the embedded SQLite database)')
        .optional(),
    ),
    SQLITE_PATH: z.string().default('./data/keeper.sqlite'),
    DATABASE_CONNECT_TIMEOUT_SECONDS: positiveInt.max(300).default(5),
    DATABASE_QUERY_TIMEOUT_SECONDS: positiveInt.max(3600).default(30),
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// URL')
        .optional(),
    ),

    SESSION_TTL_HOURS: positiveInt.max(24 * 30).default(12),
    LOGIN_MAX_FAILURES: positiveInt.max(100).default(5),
    LOGIN_LOCK_MINUTES: positiveInt.max(24 * 60).default(15),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt.max(10_000).default(30),

    KEEPER_ADMIN_USER: optionalString.pipe(z.string().min(2).max(64).optional()),
    KEEPER_ADMIN_PASSWORD: optionalString.pipe(
      z.string().min(10, 'must be at least 10 characters').optional(),
    ),
    CONSOLE_DIST: optionalString,

    WECOM_CORP_ID: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a corp id')
        .optional(),
    ),
    WECOM_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1 to 32 letters or digits (接收消息 → Token)')
        .optional(),
    ),
    WECOM_AES_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{43}$/, 'must be exactly 43 letters or digits (接收消息 → EncodingAESKey)')
        .optional(),
    ),
    WECOM_CONTACT_SECRET: optionalString,
    WECOM_AGENT_ID: optionalString.pipe(
      z
        .string()
        .regex(/^\d{1,10}$/, 'must be the app AgentId (digits)')
        .optional(),
    ),
    WECOM_AGENT_SECRET: optionalString,
    WECOM_ARCHIVE_SECRET: optionalString,
    WECOM_API_BASE_URL: z.url().default('https://qyapi.weixin.qq.com'),
    WECOM_CALLBACK_MAX_BYTES: positiveInt.max(10 * 1024 * 1024).default(256 * 1024),
    KEEPER_SANDBOX: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    WECOM_FINANCE_SDK_PATH: optionalString,
    WECOM_ARCHIVE_PRIVATE_KEYS: optionalString.pipe(
      z
        .string()
        .regex(
          /^\d+:[^,]+(,\d+:[^,]+)*$/,
          'must list version:path pairs, e.g. 2:/etc/keeper/archive-v2.pem,1:/etc/keeper/archive-v1.pem',
        )
        .optional(),
    ),
    ARCHIVE_PULL_INTERVAL_SECONDS: positiveInt.max(3600).default(30),
    ARCHIVE_MEDIA_DIR: z.string().default('./data/media'),
    ARCHIVE_MEDIA_MAX_FILE_MB: positiveInt.max(10_240).default(100),
    ARCHIVE_MEDIA_STORE_MAX_GB: positiveInt.max(100_000).default(20),
    MATERIALS_DIR: z.string().default('./data/materials'),
    KEEPER_SANDBOX_MEDIA_DIR: optionalString,
    CUSTOMER_SYNC_INTERVAL_MINUTES: positiveInt.max(7 * 24 * 60).default(360),
    KEEPER_RUN_JOBS: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((value) => value === 'true' || value === '1'),
    ORG_SYNC_INTERVAL_MINUTES: positiveInt.max(7 * 24 * 60).default(60),
  })
  .superRefine((env, ctx) => {
    const callbackKeys = ['WECOM_TOKEN', 'WECOM_AES_KEY'] as const;
    if (callbackKeys.some((key) => env[key]) && !env.WECOM_CORP_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECOM_CORP_ID'],
        message: 'is needed with WECOM_TOKEN and WECOM_AES_KEY',
      });
    }
    if (Boolean(env.WECOM_TOKEN) !== Boolean(env.WECOM_AES_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.WECOM_TOKEN ? 'WECOM_AES_KEY' : 'WECOM_TOKEN'],
        message: 'WECOM_TOKEN and WECOM_AES_KEY are set together or not at all',
      });
    }
    if (env.WECOM_AGENT_SECRET && !env.WECOM_AGENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECOM_AGENT_ID'],
        message: 'is needed with WECOM_AGENT_SECRET',
      });
    }
    if (Boolean(env.KEEPER_ADMIN_USER) !== Boolean(env.KEEPER_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.KEEPER_ADMIN_USER ? 'KEEPER_ADMIN_PASSWORD' : 'KEEPER_ADMIN_USER'],
        message: 'KEEPER_ADMIN_USER and KEEPER_ADMIN_PASSWORD are set together or not at all',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
