import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ database: z.enum(['ok', 'down']) }),
});
export type Health = z.infer<typeof healthSchema>;

export const RunMode = { Sandbox: 'sandbox', Production: 'production' } as const;
export type RunMode = (typeof RunMode)[keyof typeof RunMode];

/** What the home page shows about the running server. Never carries a secret. */
export const systemStatusSchema = z.object({
  version: z.string(),
  mode: z.enum(['sandbox', 'production']),
  database: z.object({ dialect: z.enum(['mysql', 'sqlite']), ok: z.boolean(), latencyMs: z.number() }),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  nodeVersion: z.string(),
  counts: z.object({ users: z.number().int(), activeSessions: z.number().int() }),
  wecom: z.object({ corpId: z.string().nullable(), callbackConfigured: z.boolean() }),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;
