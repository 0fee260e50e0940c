import { z } from 'zod';
import { failureSchema } from './failures';
import { pageOf, pageQuerySchema } from './pagination';

/** Who a participant is: a member of the corp, a customer, or an id Keeper does not know. */
export const participantSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['member', 'customer', 'unknown']),
});
export type Participant = z.infer<typeof participantSchema>;

export const ConversationKind = { Single: 'single', Group: 'group', Internal: 'internal' } as const;
export type ConversationKind = (typeof ConversationKind)[keyof typeof ConversationKind];
export const conversationKindSchema = z.enum(['single', 'group', 'internal']);

/** A customer's consent to chat archiving (check_single_agree / msg_audit_approved). */
export const consentSchema = z.enum(['agree', 'disagree', 'default_agree', 'unknown']);
export type Consent = z.infer<typeof consentSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  kind: conversationKindSchema,
  member: participantSchema.nullable(),
  customer: participantSchema.nullable(),
  roomId: z.string().nullable(),
  roomName: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  lastMessagePreview: z.string().nullable(),
  /** The msgtype of the message the preview is of; null without messages. */
  lastMessageType: z.string().nullable(),
  messageCount: z.number().int(),
  violationCount: z.number().int(),
  consent: consentSchema,
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationListQuerySchema = pageQuerySchema.extend({
  memberId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  kind: conversationKindSchema.optional(),
  /** Member, customer or group name. */
  q: z.string().trim().max(64).optional(),
  withViolations: z.coerce.boolean().optional(),
});
export type ConversationListQuery = z.infer<typeof conversationListQuerySchema>;
export const conversationPageSchema = pageOf(conversationSchema);

export const messageViolationSchema = z.object({
  id: z.string(),
  ruleName: z.string(),
  severity: z.enum(['high', 'medium', 'low']),
  status: z.enum(['new', 'confirmed', 'dismissed']),
  /**
   * The message's sender is outside the viewer's scope (a group chat or an internal chat seen through a member
   * of theirs): the violation shows beside its message, but handling it belongs to the sender's department.
   */
  otherDepartment: z.boolean(),
});

export const archivedMessageSchema = z.object({
  id: z.string(),
  msgid: z.string(),
  seq: z.string(),
  conversationId: z.string(),
  action: z.enum(['send', 'recall', 'switch']),
  msgtype: z.string(),
  from: participantSchema,
  msgtime: z.string(),
  /** Searchable text of the message (text content, titles, file names…). */
  text: z.string().nullable(),
  /** The type's own fields (WeCom's JSON), for rendering. */
  content: z.record(z.string(), z.unknown()).nullable(),
  /** Set when the sender recalled this message; its content is kept. */
  recalledAt: z.string().nullable(),
  /** For a recall notice: the msgid it recalled. */
  recallOf: z.string().nullable(),
  media: z
    .object({ sdkFileId: z.string(), fileSize: z.number().nullable(), md5: z.string().nullable() })
    .nullable(),
  violations: z.array(messageViolationSchema),
});
export type ArchivedMessage = z.infer<typeof archivedMessageSchema>;

/** A window of a conversation: older than `before`, newer than `after`, or centred on `around` (a jump). */
export const messageWindowQuerySchema = z.object({
  before: z.string().regex(/^\d+$/).optional(),
  after: z.string().regex(/^\d+$/).optional(),
  around: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MessageWindowQuery = z.infer<typeof messageWindowQuerySchema>;
export const messageWindowSchema = z.object({
  items: z.array(archivedMessageSchema),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
});
export type MessageWindow = z.infer<typeof messageWindowSchema>;

export const messageSearchQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional(),
  senderId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  msgtype: z.string().max(32).optional(),
  /** ISO datetimes with offset; the console defaults to the last 30 days. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type MessageSearchQuery = z.infer<typeof messageSearchQuerySchema>;
export const messageSearchPageSchema = pageOf(archivedMessageSchema);

// ---- audit rules and violations ------------------------------------------------------------------------------

export const RuleKind = {
  Keywords: 'keywords',
  Regex: 'regex',
  /** A member recalled a message. */
  Recall: 'recall',
  /** A member chatted with a customer outside working hours. */
  AfterHours: 'after_hours',
  /** A red packet sent to a customer. */
  RedPacket: 'red_packet',
} as const;
export type RuleKind = (typeof RuleKind)[keyof typeof RuleKind];
export const ruleKindSchema = z.enum(['keywords', 'regex', 'recall', 'after_hours', 'red_packet']);
export const severitySchema = z.enum(['high', 'medium', 'low']);

/** The named group that marks the part of a match to report, e.g. a phone number without its delimiter. */
export const RULE_HIT_GROUP = 'hit';

export const RegexProblemKind = {
  Backreference: 'backreference',
  Lookahead: 'lookahead',
  CaptureInLookbehind: 'capture_in_lookbehind',
  RepeatTooLarge: 'repeat_too_large',
  Syntax: 'syntax',
} as const;
export type RegexProblemKind = (typeof RegexProblemKind)[keyof typeof RegexProblemKind];

/** Why a pattern cannot run: a kind to phrase it in the reader's language, and the engine's own words. */
export interface RegexProblem {
  kind: RegexProblemKind;
  detail: string;
}

export const auditRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ruleKindSchema,
  /** Keywords (kind keywords), regular expressions (kind regex), or working hours like "09:00-18:00" (after_hours). */
  patterns: z.array(z.string()),
  severity: severitySchema,
  /** Departments whose members the rule watches; empty = everyone. */
  departmentIds: z.array(z.string()),
  enabled: z.boolean(),
  builtIn: z.boolean(),
  updatedAt: z.string(),
  /**
   * Why the rule cannot run (a stored regex the engine refuses, e.g. one saved before Keeper used RE2): the
   * matcher skips it until it is edited. Null when it runs.
   */
  problem: z
    .object({
      pattern: z.string(),
      kind: z.enum(Object.values(RegexProblemKind) as [RegexProblemKind, ...RegexProblemKind[]]),
      detail: z.string(),
    })
    .nullable(),
});
export type AuditRule = z.infer<typeof auditRuleSchema>;

export const auditRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    kind: ruleKindSchema,
    patterns: z.array(z.string().trim().min(1).max(200)).max(10_000).default([]),
    severity: severitySchema,
    departmentIds: z.array(z.string()).default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    if ((rule.kind === 'keywords' || rule.kind === 'regex') && rule.patterns.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: 'at least one pattern is required' });
    }
    // Whether the rule engine can run a regex is checked with the engine itself (`@keeper/shared/rule-pattern`):
    // by the server when a rule is saved, and by the console's form.
    if (
      rule.kind === 'after_hours' &&
      !rule.patterns.every((pattern) => /^\d{2}:\d{2}-\d{2}:\d{2}$/.test(pattern))
    ) {
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: 'working hours look like 09:00-18:00' });
    }
  });
export type AuditRuleInput = z.input<typeof auditRuleInputSchema>;

export const ViolationStatus = { New: 'new', Confirmed: 'confirmed', Dismissed: 'dismissed' } as const;
export type ViolationStatus = (typeof ViolationStatus)[keyof typeof ViolationStatus];
export const violationStatusSchema = z.enum(['new', 'confirmed', 'dismissed']);

export const violationSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: severitySchema,
  status: violationStatusSchema,
  messageId: z.string(),
  conversationId: z.string(),
  member: participantSchema,
  customer: participantSchema.nullable(),
  /** The matched words, and a short excerpt around them. */
  matched: z.array(z.string()),
  excerpt: z.string().nullable(),
  occurredAt: z.string(),
  note: z.string().nullable(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
});
export type Violation = z.infer<typeof violationSchema>;

export const violationQuerySchema = pageQuerySchema.extend({
  status: violationStatusSchema.optional(),
  severity: severitySchema.optional(),
  memberId: z.string().max(64).optional(),
  ruleId: z.string().regex(/^\d+$/).optional(),
});
export type ViolationQuery = z.infer<typeof violationQuerySchema>;
export const violationPageSchema = pageOf(violationSchema);

export const updateViolationSchema = z.object({
  status: z.enum(['confirmed', 'dismissed']),
  note: z.string().trim().max(500).optional(),
});
export type UpdateViolationRequest = z.infer<typeof updateViolationSchema>;

export const rescanSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});
export type RescanRequest = z.infer<typeof rescanSchema>;

export const RescanStatus = { Queued: 'queued', Running: 'running', Done: 'done', Failed: 'failed' } as const;
export type RescanStatus = (typeof RescanStatus)[keyof typeof RescanStatus];

/** A re-scan of archived messages against today's rules: a job in the database, run in the background. */
export const rescanJobSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** Messages in the period when the job was queued (the progress bar's whole). */
  total: z.number().int(),
  scanned: z.number().int(),
  /** Violations the job added (hits already recorded are not counted twice). */
  created: z.number().int(),
  /** Why a failed job failed: a code the console words, with the technical text as its detail. */
  failure: failureSchema.nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RescanJob = z.infer<typeof rescanJobSchema>;

// ---- the archive itself -------------------------------------------------------------------------------------

export const archiveStatusSchema = z.object({
  configured: z.boolean(),
  checkpointSeq: z.string(),
  messages: z.number().int(),
  lastPullAt: z.string().nullable(),
  lastPulled: z.number().int(),
  /** Set when the puller stopped at a message it could not decrypt; it resumes after the fix. */
  parked: z
    .object({ seq: z.string(), msgid: z.string(), failure: failureSchema, since: z.string() })
    .nullable(),
  /** Why the last pull failed (cleared by the next pull that gets through). */
  lastFailure: failureSchema.nullable(),
  /**
   * Set while WeCom keeps announcing messages (msgaudit_notify) but every pull after the checkpoint is empty:
   * usually the checkpoint is ahead of WeCom's archive (another corp, or an archive that started over).
   */
  stalled: z.object({ since: z.string(), notifies: z.number().int() }).nullable(),
  retentionDays: z.number().int().nullable(),
});
export type ArchiveStatus = z.infer<typeof archiveStatusSchema>;

export const retentionSchema = z.object({ days: z.number().int().min(1).max(3650).nullable() });
export type RetentionRequest = z.infer<typeof retentionSchema>;
