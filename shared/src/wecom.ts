import { z } from 'zod';

/** The set-up checks an admin can run against the configured WeCom credentials. */
export const ConnectionCheckId = {
  Configuration: 'configuration',
  ContactSecret: 'contact_secret',
  Directory: 'directory',
  CustomerContact: 'customer_contact',
  Callback: 'callback',
  ArchiveSecret: 'archive_secret',
  Archive: 'archive',
  AgentSecret: 'agent_secret',
} as const;
export type ConnectionCheckId = (typeof ConnectionCheckId)[keyof typeof ConnectionCheckId];

/**
 * What went wrong, in terms a person can act on. The console words each one and says where in WeCom's
 * admin console to fix it.
 */
export const ConnectionProblem = {
  NotConfigured: 'not_configured',
  WrongSecret: 'wrong_secret',
  WrongCorpId: 'wrong_corp_id',
  IpNotTrusted: 'ip_not_trusted',
  AppNotAllowed: 'app_not_allowed',
  NoVisibility: 'no_visibility',
  CallbackNeverVerified: 'callback_never_verified',
  ArchiveNotEnabled: 'archive_not_enabled',
  ArchiveExpired: 'archive_expired',
  Unreachable: 'unreachable',
  Other: 'other',
} as const;
export type ConnectionProblem = (typeof ConnectionProblem)[keyof typeof ConnectionProblem];

const connectionCheckIdSchema = z.enum(
  Object.values(ConnectionCheckId) as [ConnectionCheckId, ...ConnectionCheckId[]],
);

/**
 * What a check found, as a code with its values: the console words it in the reader's language (and shows
 * times in China time), so the server never sends a sentence.
 */
export const connectionFactSchema = z.discriminatedUnion('code', [
  /** Environment variables that are not set (required ones for a failure, optional ones for a pass). */
  z.object({ code: z.literal('missing_variables'), names: z.array(z.string()) }),
  z.object({ code: z.literal('optional_not_set'), names: z.array(z.string()) }),
  /** Skipped because an earlier check it depends on did not pass. */
  z.object({ code: z.literal('needs_check'), check: connectionCheckIdSchema }),
  z.object({ code: z.literal('departments_visible'), count: z.number().int() }),
  z.object({ code: z.literal('no_department_visible') }),
  z.object({ code: z.literal('follow_members'), count: z.number().int() }),
  z.object({ code: z.literal('archived_members'), count: z.number().int() }),
  /** When WeCom last verified the callback URL and last delivered a callback (ISO times). */
  z.object({
    code: z.literal('callback_seen'),
    verifiedAt: z.string().nullable(),
    receivedAt: z.string().nullable(),
  }),
  z.object({ code: z.literal('agent'), agentId: z.string() }),
]);
export type ConnectionFact = z.infer<typeof connectionFactSchema>;
export type ConnectionFactCode = ConnectionFact['code'];

export const connectionCheckSchema = z.object({
  id: connectionCheckIdSchema,
  status: z.enum(['ok', 'failed', 'skipped']),
  problem: z.enum(Object.values(ConnectionProblem) as [ConnectionProblem, ...ConnectionProblem[]]).nullable(),
  /** WeCom's errcode when WeCom answered with one. */
  errcode: z.number().int().nullable(),
  fact: connectionFactSchema.nullable(),
  /**
   * WeCom's errmsg (or the network error) exactly as given, for a search or a support ticket; the console
   * words the problem itself from `problem`.
   */
  wecomMessage: z.string().nullable(),
  durationMs: z.number(),
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

export const connectionReportSchema = z.object({
  checkedAt: z.string(),
  corpId: z.string().nullable(),
  checks: z.array(connectionCheckSchema),
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;
