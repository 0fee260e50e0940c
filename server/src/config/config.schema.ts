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

    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^mysql:\/\//, 'must be a mysql:// URL (leave unset for the embedded SQLite database)')
        .optional(),
    ),
    SQLITE_PATH: z.string().default('./data/keeper.sqlite'),
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
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.KEEPER_ADMIN_USER) !== Boolean(env.KEEPER_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.KEEPER_ADMIN_USER ? 'KEEPER_ADMIN_PASSWORD' : 'KEEPER_ADMIN_USER'],
        message: 'KEEPER_ADMIN_USER and KEEPER_ADMIN_PASSWORD are set together or not at all',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
