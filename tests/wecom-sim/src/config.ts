import { z } from 'zod';

/** Demo credentials: obviously not real, and valid by WeCom's rules (Token ≤32 alnum, EncodingAESKey 43 alnum). */
export const DEMO_DEFAULTS = {
  corpId: 'wwkeepersandbox0001',
  secrets: {
    contact: 'SANDBOX-contact-secret-not-a-real-one-0001',
    archive: 'SANDBOX-archive-secret-not-a-real-one-0002',
    agent: 'SANDBOX-agent-secret-not-a-real-one-00003',
  },
  agentId: 1000002,
  token: 'KeeperSandboxToken0001',
  aesKey: 'KeeperSandboxEncodingAESKey0123456789abcdef',
} as const;

const pathLimit = z.object({
  perMinute: z.number().int().positive().optional(),
  perHour: z.number().int().positive().optional(),
});

export const simOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default('127.0.0.1'),
  corpId: z.string().min(1).default(DEMO_DEFAULTS.corpId),
  secrets: z
    .object({
      contact: z.string().min(1).default(DEMO_DEFAULTS.secrets.contact),
      archive: z.string().min(1).default(DEMO_DEFAULTS.secrets.archive),
      agent: z.string().min(1).default(DEMO_DEFAULTS.secrets.agent),
    })
    .prefault({}),
  agentId: z.number().int().positive().default(DEMO_DEFAULTS.agentId),
  /** The AgentID WeCom puts in msgaudit_notify (the archive's own app id). */
  msgauditAgentId: z.number().int().positive().default(2000003),
  token: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'Token is 1–32 letters or digits')
    .default(DEMO_DEFAULTS.token),
  aesKey: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'EncodingAESKey is exactly 43 letters or digits')
    .default(DEMO_DEFAULTS.aesKey),
  callbackUrl: z.string().url().optional(),
  seed: z.number().int().default(20240601),
  customers: z.number().int().min(0).max(200_000).default(2400),
  groups: z.number().int().min(0).max(1000).default(5),
  callbacks: z
    .object({
      timeoutMs: z.number().int().positive().default(5000),
      tries: z.number().int().min(1).default(3),
      /** WeCom's interval is undocumented; a few seconds by default, milliseconds in tests. */
      retryIntervalMs: z.number().int().min(0).default(3000),
      /** Older docs: any non-200 answer is a failure that WeCom retries. */
      retryOnNon200: z.boolean().default(true),
      /** Callback URLs configured after 2022-08-15 get only UserID and Department in user events. */
      contactEventDetail: z.enum(['minimal', 'full']).default('minimal'),
    })
    .prefault({}),
  msgauditNotifyIntervalMs: z.number().int().min(0).default(15_000),
  limits: z
    .object({
      perApiPerMinute: z.number().int().positive().default(10_000),
      perApiPerHour: z.number().int().positive().default(150_000),
      perPath: z.record(z.string(), pathLimit).default({}),
      appMessagesPerMemberPerMinute: z.number().int().positive().default(30),
      appMessagesPerMemberPerHour: z.number().int().positive().default(1000),
    })
    .prefault({}),
  timings: z
    .object({
      tokenTtlSec: z.number().int().positive().default(7200),
      welcomeCodeTtlSec: z.number().int().positive().default(20),
      oauthCodeTtlSec: z.number().int().positive().default(300),
      transferCompleteAfterSec: z.number().int().positive().default(86_400),
      /** Mass-message tasks answer 41063 for this long after creation. */
      massDispatchSec: z.number().int().min(0).default(0),
    })
    .prefault({}),
  /**
   * Chat archive: Keeper's RSA public keys (PEM) by `publickey_ver` and the version new messages use. Without a
   * key, GetChatData through the Finance SDK double answers an error (Keeper cannot decrypt anything).
   */
  archive: z
    .object({
      publicKeys: z
        .record(z.string().regex(/^\d+$/, 'key versions are integers'), z.string().min(1))
        .default({}),
      currentKeyVersion: z.number().int().min(0).optional(),
    })
    .prefault({}),
  /**
   * A JSON file that keeps the corp across restarts (created on first start, saved shortly after each change).
   * Unset: the corp lives in memory and a restart seeds it afresh.
   */
  stateFile: z.string().min(1).optional(),
  /** Mass messages one customer may receive per calendar month; 0 = as many as the month has days (current doc). */
  massReceiveLimitPerMonth: z.number().int().min(0).default(0),
  /** The corp's receive rule (an admin setting, not readable by API): per month (above), 7 a week, or 1 a day. */
  massReceiveRule: z.enum(['month', 'week', 'day']).default('month'),
});

export type SimOptionsInput = z.input<typeof simOptionsSchema>;
export type SimConfig = z.output<typeof simOptionsSchema>;

export function parseSimOptions(input: SimOptionsInput = {}): SimConfig {
  return simOptionsSchema.parse(input);
}
