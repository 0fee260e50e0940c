import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination';

/**
 * Mass reachout (企业群发). A campaign goes to customers (one-to-one, through each owner's WeCom task), to
 * customer groups (through each group owner's task), or to staff as app messages (internal notices).
 */
export const CampaignKind = { Customers: 'customers', Groups: 'groups', Staff: 'staff' } as const;
export type CampaignKind = (typeof CampaignKind)[keyof typeof CampaignKind];
export const campaignKindSchema = z.enum(['customers', 'groups', 'staff']);

/**
 * draft → (pending_approval → approved | rejected) → scheduled → submitting → running → finished;
 * cancelled from any state before finished. `running`: every task is with WeCom and results are being pulled
 * until the deadline; `finished`: the deadline passed (or all was settled), tasks were cancelled, figures froze.
 */
export const CampaignStatus = {
  Draft: 'draft',
  PendingApproval: 'pending_approval',
  Rejected: 'rejected',
  Scheduled: 'scheduled',
  Submitting: 'submitting',
  Running: 'running',
  Finished: 'finished',
  Cancelled: 'cancelled',
} as const;
export type CampaignStatus = (typeof CampaignStatus)[keyof typeof CampaignStatus];
export const campaignStatusSchema = z.enum([
  'draft',
  'pending_approval',
  'rejected',
  'scheduled',
  'submitting',
  'running',
  'finished',
  'cancelled',
]);

// ---- audience ------------------------------------------------------------------------------------------------

const id = z.string().min(1).max(64);
const shanghaiDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** One tag condition: the customer has any of the tags, all of them, or none of them. Conditions are ANDed. */
export const tagConditionSchema = z.object({
  mode: z.enum(['any', 'all', 'none']),
  tagIds: z.array(id).min(1).max(100),
});
export type TagCondition = z.infer<typeof tagConditionSchema>;

/**
 * Which customers a campaign or segment targets. Every filter left empty matches everyone; the whole is always
 * cut to the caller's departments. `includeIds` adds customers whatever the filters say (still in scope);
 * `excludeIds` removes them.
 */
export const audienceFilterSchema = z.object({
  /** Owners: these members and the members of these departments (sub-trees included); both empty = all. */
  ownerIds: z.array(id).max(2000).default([]),
  ownerDepartmentIds: z.array(id).max(500).default([]),
  tagConditions: z.array(tagConditionSchema).max(20).default([]),
  /** Customers with any of these tags are left out. */
  excludeTagIds: z.array(id).max(100).default([]),
  /** Customers who are in any of these customer groups. */
  groupChatIds: z.array(id).max(200).default([]),
  /** When the owner added the customer, Shanghai calendar days, both ends included. */
  addedFrom: shanghaiDate.optional(),
  addedTo: shanghaiDate.optional(),
  /** The 联系我 `state` the customer came through. */
  channels: z.array(z.string().min(1).max(64)).max(100).default([]),
  /** No archived chat with any member for at least this many days (never chatted counts as silent). */
  silentDays: z.number().int().min(1).max(3650).optional(),
  /** 0 unknown, 1 male, 2 female. */
  genders: z
    .array(z.union([z.literal(0), z.literal(1), z.literal(2)]))
    .max(3)
    .default([]),
  includeIds: z.array(id).max(20_000).default([]),
  excludeIds: z.array(id).max(20_000).default([]),
});
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;

/**
 * Whose task a customer with several owners lands in: the member who chatted with them last (WeCom's own rule),
 * the owner who added them first, or an owner in `departmentId` first (then the last chat).
 */
export const ownerPolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('last_chat') }),
  z.object({ policy: z.literal('first_owner') }),
  z.object({ policy: z.literal('department_first'), departmentId: id }),
]);
export type OwnerPolicy = z.infer<typeof ownerPolicySchema>;

export const audienceCountRequestSchema = z.object({
  filter: audienceFilterSchema,
  ownerPolicy: ownerPolicySchema.default({ policy: 'last_chat' }),
});
export type AudienceCountRequest = z.infer<typeof audienceCountRequestSchema>;

/** The live count: customers matched (each once), owner relations merged away, and how many owners send. */
export const audienceCountSchema = z.object({
  customers: z.number().int(),
  /** Relations beyond the first of customers with several owners: they receive once. */
  merged: z.number().int(),
  senders: z.number().int(),
  tookMs: z.number().int(),
});
export type AudienceCount = z.infer<typeof audienceCountSchema>;

/** Customer-group campaigns: groups owned by these members or departments, or exactly these groups. */
export const groupAudienceSchema = z.object({
  ownerIds: z.array(id).max(2000).default([]),
  ownerDepartmentIds: z.array(id).max(500).default([]),
  chatIds: z.array(id).max(20_000).default([]),
  nameContains: z.string().trim().max(64).optional(),
});
export type GroupAudience = z.infer<typeof groupAudienceSchema>;

/** Staff notices: these members, the members of these departments, or everyone in scope (both empty). */
export const staffAudienceSchema = z.object({
  memberIds: z.array(id).max(5000).default([]),
  departmentIds: z.array(id).max(500).default([]),
});
export type StaffAudience = z.infer<typeof staffAudienceSchema>;

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  filter: audienceFilterSchema,
  /** The count when it was last saved or counted. */
  lastCount: z.number().int().nullable(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof segmentSchema>;
export const segmentInputSchema = z.object({
  name: z.string().trim().min(1).max(64),
  description: z.string().trim().max(255).nullable().default(null),
  filter: audienceFilterSchema,
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

// ---- content -------------------------------------------------------------------------------------------------

/** WeCom's limits (protocol §6.1). */
export const BROADCAST_TEXT_MAX_BYTES = 4000;
export const BROADCAST_ATTACHMENTS_MAX = 9;

/** The UTF-8 length WeCom counts (a Chinese character is 3 bytes, an emoji 4), in the browser and in Node. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const MaterialKind = {
  Image: 'image',
  Link: 'link',
  MiniProgram: 'miniprogram',
  Video: 'video',
  File: 'file',
} as const;
export type MaterialKind = (typeof MaterialKind)[keyof typeof MaterialKind];
export const materialKindSchema = z.enum(['image', 'link', 'miniprogram', 'video', 'file']);

/**
 * One entry of the materials library (素材库). Images, videos and files carry an uploaded file; a link has a
 * URL (and optionally an image material as its cover); a mini-program has its appid, page and a cover image.
 */
export const materialSchema = z.object({
  id: z.string(),
  kind: materialKindSchema,
  title: z.string(),
  description: z.string().nullable(),
  /** link: the page; miniprogram: none. */
  url: z.string().nullable(),
  appId: z.string().nullable(),
  page: z.string().nullable(),
  /** The uploaded file, where the kind has one (mini-programs: the cover). */
  fileName: z.string().nullable(),
  fileSize: z.number().int().nullable(),
  mimeType: z.string().nullable(),
  /** Where the console shows it from: `/api/materials/:id/file`, or the link's cover URL. */
  previewUrl: z.string().nullable(),
  /** When WeCom's temporary media_id runs out (Keeper uploads again before): null until first uploaded. */
  mediaExpiresAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Material = z.infer<typeof materialSchema>;
export const materialPageSchema = pageOf(materialSchema);
export const materialListQuerySchema = pageQuerySchema.extend({
  kind: materialKindSchema.optional(),
  q: z.string().trim().max(64).optional(),
  /** Exactly these materials (a campaign's attachments, comma-separated), deleted ones included. */
  ids: z
    .string()
    .regex(/^\d{1,12}(,\d{1,12}){0,8}$/)
    .optional(),
});
export type MaterialListQuery = z.infer<typeof materialListQuerySchema>;

/** The JSON part of a material (files come as multipart `file` beside a `meta` field holding this). */
export const materialInputSchema = z.object({
  kind: materialKindSchema,
  title: z.string().trim().min(1).max(64),
  description: z.string().trim().max(170).nullable().default(null),
  url: z.url().max(2048).nullable().default(null),
  appId: z.string().trim().max(64).nullable().default(null),
  page: z.string().trim().max(255).nullable().default(null),
});
export type MaterialInput = z.infer<typeof materialInputSchema>;

export const broadcastContentSchema = z.object({
  text: z.string().max(4000).default(''),
  /** Materials, in the order the customer sees them. */
  materialIds: z.array(z.string().min(1).max(20)).max(BROADCAST_ATTACHMENTS_MAX).default([]),
});
export type BroadcastContent = z.infer<typeof broadcastContentSchema>;

/** Internal notices through the app (`message/send`). */
export const staffMessageSchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), content: z.string().trim().min(1).max(2048) }),
  z.object({ msgtype: z.literal('markdown'), content: z.string().trim().min(1).max(2048) }),
  z.object({
    msgtype: z.literal('textcard'),
    title: z.string().trim().min(1).max(128),
    description: z.string().trim().min(1).max(512),
    url: z.url().max(2048),
    btntxt: z.string().trim().max(4).optional(),
  }),
]);
export type StaffMessage = z.infer<typeof staffMessageSchema>;

/** A content problem found before sending; `blocking` ones stop submission. */
export const contentIssueSchema = z.object({
  code: z.enum(['empty', 'text_too_long', 'too_many_attachments', 'material_missing', 'audit_rule']),
  blocking: z.boolean(),
  /** audit_rule: the rule's name and what it matched (masked). */
  rule: z.string().nullable(),
  excerpt: z.string().nullable(),
});
export type ContentIssue = z.infer<typeof contentIssueSchema>;

// ---- campaigns -----------------------------------------------------------------------------------------------

/** Why an audience member was not submitted. */
export const ExclusionReason = {
  /** The corp's receive rule (per day, week or month) is used up by earlier campaigns, by Keeper's history. */
  ReceiveRule: 'receive_rule',
  /** Reached by another campaign in the last N days (the campaign's own guard). */
  RecentlyReached: 'recently_reached',
  /** The owner chosen to send has left or is disabled. */
  SenderInactive: 'sender_inactive',
  /** The customer stopped being a customer between counting and sending. */
  Lost: 'lost',
} as const;
export type ExclusionReason = (typeof ExclusionReason)[keyof typeof ExclusionReason];
export const exclusionReasonSchema = z.enum(['receive_rule', 'recently_reached', 'sender_inactive', 'lost']);

/**
 * A recipient's way: excluded, or queued → submitting → unsendable (WeCom's fail_list) | pending (the sender
 * has not sent) → sent | not_friend | limit_reached. Staff notices: queued → sent | failed.
 */
export const RecipientState = {
  Excluded: 'excluded',
  Queued: 'queued',
  Submitting: 'submitting',
  Unsendable: 'unsendable',
  Pending: 'pending',
  Sent: 'sent',
  NotFriend: 'not_friend',
  LimitReached: 'limit_reached',
  Failed: 'failed',
} as const;
export type RecipientState = (typeof RecipientState)[keyof typeof RecipientState];
export const recipientStateSchema = z.enum([
  'excluded',
  'queued',
  'submitting',
  'unsendable',
  'pending',
  'sent',
  'not_friend',
  'limit_reached',
  'failed',
]);

/**
 * The funnel. It adds up: audience = excluded (the sum of byReason) + queued + submitted, and
 * submitted = unsendable + pending + sent + notFriend + limitReached (+ failed for staff notices).
 */
export const funnelSchema = z.object({
  audience: z.number().int(),
  excluded: z.number().int(),
  excludedByReason: z.partialRecord(exclusionReasonSchema, z.number().int()),
  queued: z.number().int(),
  submitted: z.number().int(),
  unsendable: z.number().int(),
  pending: z.number().int(),
  sent: z.number().int(),
  notFriend: z.number().int(),
  limitReached: z.number().int(),
  failed: z.number().int(),
});
export type Funnel = z.infer<typeof funnelSchema>;

export const senderFunnelSchema = funnelSchema.extend({
  userId: z.string(),
  name: z.string(),
  departmentNames: z.array(z.string()),
  /** Whether the sender confirmed the task in WeCom (every task of theirs), and when. */
  confirmed: z.boolean(),
  confirmedAt: z.string().nullable(),
});
export type SenderFunnel = z.infer<typeof senderFunnelSchema>;
export const departmentFunnelSchema = funnelSchema.extend({ departmentId: z.string(), name: z.string() });
export type DepartmentFunnel = z.infer<typeof departmentFunnelSchema>;

export const campaignFunnelSchema = z.object({
  total: funnelSchema,
  senders: z.array(senderFunnelSchema),
  departments: z.array(departmentFunnelSchema),
  /** When results were last pulled from WeCom. */
  syncedAt: z.string().nullable(),
});
export type CampaignFunnel = z.infer<typeof campaignFunnelSchema>;

export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    kind: campaignKindSchema,
    audience: audienceFilterSchema.optional(),
    /** Start from a saved segment: its filter is copied into the campaign when saved. */
    segmentId: z.string().max(20).optional(),
    ownerPolicy: ownerPolicySchema.default({ policy: 'last_chat' }),
    groupAudience: groupAudienceSchema.optional(),
    staffAudience: staffAudienceSchema.optional(),
    content: broadcastContentSchema.default({ text: '', materialIds: [] }),
    staffMessage: staffMessageSchema.optional(),
    /** Leave out customers another campaign reached in the last N days. */
    recentDays: z.number().int().min(1).max(90).nullable().default(null),
    /** Let the sender change the recipients in WeCom (allow_select). */
    allowSelect: z.boolean().default(false),
    /** Send at this time (ISO); null = as soon as approved. */
    scheduledAt: z.iso.datetime({ offset: true }).nullable().default(null),
    /** Days after submission that results are pulled before unsent tasks are cancelled. */
    deadlineDays: z.number().int().min(1).max(30).default(7),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'staff' && !input.staffMessage)
      ctx.addIssue({ code: 'custom', path: ['staffMessage'], message: 'required for a staff notice' });
    if (input.content.text && utf8Bytes(input.content.text) > BROADCAST_TEXT_MAX_BYTES)
      ctx.addIssue({ code: 'custom', path: ['content', 'text'], message: 'at most 4000 bytes' });
  });
export type CampaignInput = z.infer<typeof campaignInputSchema>;

export const campaignMemberSchema = z.object({ userId: z.string(), name: z.string() });

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: campaignKindSchema,
  status: campaignStatusSchema,
  audience: audienceFilterSchema.nullable(),
  ownerPolicy: ownerPolicySchema,
  groupAudience: groupAudienceSchema.nullable(),
  staffAudience: staffAudienceSchema.nullable(),
  content: broadcastContentSchema,
  staffMessage: staffMessageSchema.nullable(),
  recentDays: z.number().int().nullable(),
  allowSelect: z.boolean(),
  scheduledAt: z.string().nullable(),
  deadlineDays: z.number().int(),
  /** When results stop being pulled and unsent tasks are cancelled. */
  deadlineAt: z.string().nullable(),
  createdBy: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** WeCom tasks created (one per sender and chunk). */
  tasks: z.number().int(),
  funnel: funnelSchema,
  /** Reminders WeCom still allows now (three per task in 24 h; the lowest over unsent tasks). */
  remindersLeft: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof campaignSchema>;
export const campaignPageSchema = pageOf(campaignSchema);
export const campaignListQuerySchema = pageQuerySchema.extend({
  status: campaignStatusSchema.optional(),
  kind: campaignKindSchema.optional(),
  q: z.string().trim().max(64).optional(),
});
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;

/** Before submitting: who goes, who would be refused by the receive rule, and what the content check found. */
export const campaignPreviewSchema = z.object({
  audience: z.number().int(),
  merged: z.number().int(),
  excludedByReason: z.partialRecord(exclusionReasonSchema, z.number().int()),
  recipients: z.number().int(),
  senders: z.number().int(),
  /** WeCom tasks it will create (one per sender and ≤10,000 customers, or ≤2,000 groups). */
  tasks: z.number().int(),
  issues: z.array(contentIssueSchema),
});
export type CampaignPreview = z.infer<typeof campaignPreviewSchema>;

export const rejectCampaignSchema = z.object({ reason: z.string().trim().min(1).max(255) });
export const remindCampaignSchema = z.object({ via: z.enum(['wecom', 'bot']).default('wecom') });
export type RemindCampaign = z.infer<typeof remindCampaignSchema>;
export const remindResultSchema = z.object({
  /** Senders told (those who had not sent). */
  reminded: z.number().int(),
  remindersLeft: z.number().int(),
});
export type RemindResult = z.infer<typeof remindResultSchema>;

export const recipientSchema = z.object({
  targetId: z.string(),
  name: z.string(),
  sender: campaignMemberSchema.nullable(),
  state: recipientStateSchema,
  reason: exclusionReasonSchema.nullable(),
  sentAt: z.string().nullable(),
});
export type Recipient = z.infer<typeof recipientSchema>;
export const recipientPageSchema = pageOf(recipientSchema);
export const recipientListQuerySchema = pageQuerySchema.extend({
  state: recipientStateSchema.optional(),
  senderId: z.string().max(64).optional(),
  q: z.string().trim().max(64).optional(),
});
export type RecipientListQuery = z.infer<typeof recipientListQuerySchema>;

/** A campaign on a customer's timeline. */
export const reachedCampaignSchema = z.object({
  campaignId: z.string(),
  name: z.string(),
  sender: campaignMemberSchema.nullable(),
  state: recipientStateSchema,
  sentAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export type ReachedCampaign = z.infer<typeof reachedCampaignSchema>;

/** The corp's receive rule (an admin setting in WeCom no API reads) and the campaign settings. */
export const receiveRuleSchema = z.enum(['day', 'week', 'month']);
export type ReceiveRule = z.infer<typeof receiveRuleSchema>;
export const broadcastSettingsSchema = z.object({
  receiveRule: receiveRuleSchema,
  approvalRequired: z.boolean(),
});
export type BroadcastSettings = z.infer<typeof broadcastSettingsSchema>;

/** The `broadcast:progress` socket event: the campaign changed; the console refetches it. */
export const broadcastProgressEventSchema = z.object({ campaignId: z.string() });
export type BroadcastProgressEvent = z.infer<typeof broadcastProgressEventSchema>;
