import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination';

/**
 * Handing over the customers and groups of a member: a departed one (离职继承, WeCom's resigned APIs) or one
 * still employed (在职继承, the on-job APIs, which the customer is told about and may refuse).
 */
export const HandoverKind = { Resigned: 'resigned', OnJob: 'on_job' } as const;
export type HandoverKind = (typeof HandoverKind)[keyof typeof HandoverKind];
export const handoverKindSchema = z.enum(['resigned', 'on_job']);

/**
 * Where a case stands as a whole. `pending`: something still needs a manager (customers not yet planned, or
 * refused, rejected, receiver full, no record). `in_progress`: everything left is with WeCom. `completed`: every
 * customer and group has an owner again (or was skipped because the receiver already followed them).
 */
export const CaseStatus = { Pending: 'pending', InProgress: 'in_progress', Completed: 'completed' } as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];
export const caseStatusSchema = z.enum(['pending', 'in_progress', 'completed']);

/**
 * One customer's or group's way through a case: unplanned → planned → sending → waiting (until WeCom's
 * takeover time) → done | refused | receiver_full | no_record; or skipped (no call was needed) or rejected
 * (WeCom refused to start it, or the planner found it could not go).
 */
export const ItemState = {
  Unplanned: 'unplanned',
  Skipped: 'skipped',
  Planned: 'planned',
  Sending: 'sending',
  Waiting: 'waiting',
  Done: 'done',
  Refused: 'refused',
  ReceiverFull: 'receiver_full',
  NoRecord: 'no_record',
  Rejected: 'rejected',
} as const;
export type ItemState = (typeof ItemState)[keyof typeof ItemState];
export const itemStateSchema = z.enum([
  'unplanned',
  'skipped',
  'planned',
  'sending',
  'waiting',
  'done',
  'refused',
  'receiver_full',
  'no_record',
  'rejected',
]);
/** States a manager can plan again to another receiver in one action. */
export const REPLANNABLE_STATES: readonly ItemState[] = ['refused', 'receiver_full', 'rejected', 'no_record'];

/**
 * Why a customer or group was skipped or could not go, as a code the console words. `wecom_error` carries the
 * errcode WeCom gave that Keeper has no words of its own for.
 */
export const HandoverReason = {
  /** The receiver already follows the customer: nothing to transfer. */
  ReceiverFollows: 'receiver_follows',
  /** The receiver is disabled, not activated or has left. */
  ReceiverInactive: 'receiver_inactive',
  /** The receiver is outside the app's visible range (60011, 92000, 50002). */
  ReceiverOutOfRange: 'receiver_out_of_range',
  /** The receiver has no customer-contact permission (84074, 610004, not in get_follow_user_list). */
  ReceiverNoPermission: 'receiver_no_permission',
  /** The receiver is not real-name verified (40098). */
  ReceiverUnverified: 'receiver_unverified',
  /** The receiver is at WeCom's customer limit (40099). */
  ReceiverFull: 'receiver_full',
  /** The receiver is the member handing over (40130). */
  SameMember: 'same_member',
  /** On-duty: the customer was transferred twice in the last 90 days (Keeper's history or 40128). */
  OnJobLimit: 'onjob_limit',
  /** On-duty: the member no longer follows the customer (40131). */
  NotFollower: 'not_follower',
  /** The member has not left in WeCom (40097, 90500). */
  NotDeparted: 'not_departed',
  /** The departure is more than a year ago: WeCom no longer hands over. */
  DeadlinePassed: 'deadline_passed',
  /** WeCom is already transferring the customer (40129, 40100) or the group (90507). */
  InTransfer: 'in_transfer',
  /** The customer id is unknown to WeCom (40096). */
  UnknownCustomer: 'unknown_customer',
  /** The group is not a customer group, was dismissed, or its owner changed (90501, 49008, 90504). */
  GroupUnavailable: 'group_unavailable',
  /** Any other errcode. */
  WeComError: 'wecom_error',
} as const;
export type HandoverReason = (typeof HandoverReason)[keyof typeof HandoverReason];
export const handoverReasonSchema = z.enum([
  'receiver_follows',
  'receiver_inactive',
  'receiver_out_of_range',
  'receiver_no_permission',
  'receiver_unverified',
  'receiver_full',
  'same_member',
  'onjob_limit',
  'not_follower',
  'not_departed',
  'deadline_passed',
  'in_transfer',
  'unknown_customer',
  'group_unavailable',
  'wecom_error',
]);

/** Counts per state; `selected` is everything ever planned (all states but unplanned). */
export const handoverTotalsSchema = z.object({
  selected: z.number().int(),
  unplanned: z.number().int(),
  skipped: z.number().int(),
  planned: z.number().int(),
  sending: z.number().int(),
  waiting: z.number().int(),
  done: z.number().int(),
  refused: z.number().int(),
  receiverFull: z.number().int(),
  noRecord: z.number().int(),
  rejected: z.number().int(),
});
export type HandoverTotals = z.infer<typeof handoverTotalsSchema>;

/** How close a departed member's case is to WeCom's one-year deadline. */
export const deadlineWarningSchema = z.enum(['none', 'month', 'week', 'passed']);
export type DeadlineWarning = z.infer<typeof deadlineWarningSchema>;

export const handoverMemberSchema = z.object({ userId: z.string(), name: z.string() });
export type HandoverMember = z.infer<typeof handoverMemberSchema>;

export const handoverCaseSchema = z.object({
  id: z.string(),
  kind: handoverKindSchema,
  status: caseStatusSchema,
  handover: handoverMemberSchema.extend({ departmentNames: z.array(z.string()) }),
  /** Resigned cases: when the member left, the last day WeCom hands over (a year later), and how close it is. */
  departedAt: z.string().nullable(),
  deadline: z.string().nullable(),
  deadlineWarning: deadlineWarningSchema,
  customers: handoverTotalsSchema,
  groups: handoverTotalsSchema,
  /** The username that opened it; null when Keeper opened it for a departure. */
  openedBy: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type HandoverCase = z.infer<typeof handoverCaseSchema>;
export const handoverCasePageSchema = pageOf(handoverCaseSchema);

export const caseListQuerySchema = pageQuerySchema.extend({
  kind: handoverKindSchema.optional(),
  status: caseStatusSchema.optional(),
  /** The departures inbox: resigned cases that are not completed. */
  inbox: z.coerce.boolean().optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const ItemKind = { Customer: 'customer', Group: 'group' } as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];
export const itemKindSchema = z.enum(['customer', 'group']);

export const handoverItemSchema = z.object({
  id: z.string(),
  kind: itemKindSchema,
  /** external_userid or chat_id. */
  targetId: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  state: itemStateSchema,
  reason: handoverReasonSchema.nullable(),
  errcode: z.number().int().nullable(),
  receiver: handoverMemberSchema.nullable(),
  /** When the customer was added by the member handing over, and the channel (联系我 state). */
  addedAt: z.string().nullable(),
  channel: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** Waiting: when WeCom will complete it; done: when it did. */
  takeoverAt: z.string().nullable(),
  /** How many times it was planned to a receiver (a re-plan after a refusal counts again). */
  attempts: z.number().int(),
});
export type HandoverItem = z.infer<typeof handoverItemSchema>;
export const handoverItemPageSchema = pageOf(handoverItemSchema);

export const itemListQuerySchema = pageQuerySchema.extend({
  kind: itemKindSchema.default('customer'),
  state: itemStateSchema.optional(),
  q: z.string().trim().max(64).optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuerySchema>;

/** Which customers a plan takes: all unplanned ones, the ones listed, or those the filter matches. */
export const selectionSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }),
  z.object({
    mode: z.literal('ids'),
    externalUserIds: z.array(z.string().min(1).max(64)).min(1).max(20_000),
  }),
  z.object({
    mode: z.literal('filter'),
    tagId: z.string().max(64).optional(),
    /** The 联系我 state the customer came through. */
    channel: z.string().max(64).optional(),
    addedFrom: z.iso.datetime({ offset: true }).optional(),
    addedTo: z.iso.datetime({ offset: true }).optional(),
    /** Last archived chat with the member handing over before this time (quiet customers first). */
    lastChatBefore: z.iso.datetime({ offset: true }).optional(),
    lastChatAfter: z.iso.datetime({ offset: true }).optional(),
  }),
]);
export type Selection = z.infer<typeof selectionSchema>;

/**
 * Who receives: one member; several, evenly or by their current number of customers (fewest first); or, for
 * each customer, a member who already follows it (no transfer needed), the rest spread evenly over `receivers`.
 */
export const distributionSchema = z.object({
  mode: z.enum(['single', 'even', 'load', 'co_owner']),
  receivers: z.array(z.string().min(1).max(64)).max(50),
});
export type Distribution = z.infer<typeof distributionSchema>;

/** The on-duty message's placeholder for the receiver's name. */
export const RECEIVER_PLACEHOLDER = '{接替人}';
export const DEFAULT_TRANSFER_MESSAGE = `您好，我的工作已交接给同事${RECEIVER_PLACEHOLDER}，后续由TA继续为您服务，请放心。`;
export const TRANSFER_MESSAGE_MAX = 200;

export const planRequestSchema = z.object({
  selection: selectionSchema,
  distribution: distributionSchema,
  /** Also hand over the customer groups the member owns (to the first receiver). */
  includeGroups: z.boolean().default(true),
  /** On-duty only: what the customer sees; `{接替人}` becomes the receiver's name. */
  message: z.string().trim().max(TRANSFER_MESSAGE_MAX).optional(),
});
export type PlanRequest = z.infer<typeof planRequestSchema>;

export const previewRowSchema = z.object({
  kind: itemKindSchema,
  targetId: z.string(),
  name: z.string(),
  receiver: handoverMemberSchema.nullable(),
  /** `go`: will be sent; `skip`: needs no call; `blocked`: cannot go, see reason. */
  verdict: z.enum(['go', 'skip', 'blocked']),
  reason: handoverReasonSchema.nullable(),
});
export type PreviewRow = z.infer<typeof previewRowSchema>;

export const planPreviewSchema = z.object({
  go: z.number().int(),
  skip: z.number().int(),
  blocked: z.number().int(),
  groups: z.number().int(),
  byReceiver: z.array(handoverMemberSchema.extend({ customers: z.number().int(), groups: z.number().int() })),
  byReason: z.array(z.object({ reason: handoverReasonSchema, count: z.number().int() })),
  /** Every skipped or blocked row, then the first rows that go (at most 500 rows in all). */
  rows: z.array(previewRowSchema),
  /** On-duty: the message as the first receiver's customers will see it. */
  message: z.string().nullable(),
});
export type PlanPreview = z.infer<typeof planPreviewSchema>;

export const replanRequestSchema = z.object({ receiver: z.string().min(1).max(64) });
export type ReplanRequest = z.infer<typeof replanRequestSchema>;

export const openOnJobCaseSchema = z.object({ handoverUserId: z.string().min(1).max(64) });
export type OpenOnJobCase = z.infer<typeof openOnJobCaseSchema>;

/** `GET /api/reassign/inbox` and the `handover:inbox` socket event: departures in scope still needing a manager. */
export const handoverInboxSchema = z.object({ open: z.number().int().min(0) });
export type HandoverInbox = z.infer<typeof handoverInboxSchema>;

/** The `handover:progress` socket event: the case changed; the console refetches it through the API. */
export const handoverProgressEventSchema = z.object({ caseId: z.string() });
export type HandoverProgressEvent = z.infer<typeof handoverProgressEventSchema>;
