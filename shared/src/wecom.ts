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

export const connectionCheckSchema = z.object({
  id: z.enum(Object.values(ConnectionCheckId) as [ConnectionCheckId, ...ConnectionCheckId[]]),
  status: z.enum(['ok', 'failed', 'skipped']),
  problem: z.enum(Object.values(ConnectionProblem) as [ConnectionProblem, ...ConnectionProblem[]]).nullable(),
  /** WeCom's errcode when WeCom answered with one. */
  errcode: z.number().int().nullable(),
  /** Facts for the message: what was checked, WeCom's errmsg, the missing variables. */
  detail: z.string().nullable(),
  durationMs: z.number(),
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

export const connectionReportSchema = z.object({
  checkedAt: z.string(),
  corpId: z.string().nullable(),
  checks: z.array(connectionCheckSchema),
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;
