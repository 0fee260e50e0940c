import { z } from 'zod';
import { consentSchema } from './archive';
import { pageOf, pageQuerySchema } from './pagination';

/** A customer is `lost` once no member follows them any more. */
export const CustomerStatus = { Active: 'active', Lost: 'lost' } as const;
export type CustomerStatus = (typeof CustomerStatus)[keyof typeof CustomerStatus];
export const customerStatusSchema = z.enum(['active', 'lost']);

/** Where a follow relation (one member ↔ one customer) stands. */
export const FollowStatus = {
  Active: 'active',
  /** The member deleted the customer (私删客户). */
  DeletedByMember: 'deleted_by_member',
  /** The customer deleted the member. */
  DeletedByCustomer: 'deleted_by_customer',
  /** Handed to another member (on-duty or resigned transfer). */
  Transferred: 'transferred',
  /** WeCom no longer lists it and no callback said why (found by the reconciliation sync). */
  RemovedBySync: 'removed_by_sync',
} as const;
export type FollowStatus = (typeof FollowStatus)[keyof typeof FollowStatus];
export const followStatusSchema = z.enum([
  'active',
  'deleted_by_member',
  'deleted_by_customer',
  'transferred',
  'removed_by_sync',
]);

/** Every kind of entry in a customer's timeline. Ownership changes carry their cause. */
export const CustomerEventKind = {
  Added: 'added',
  HalfAdded: 'half_added',
  DeletedByMember: 'deleted_by_member',
  DeletedByCustomer: 'deleted_by_customer',
  TransferredOut: 'transferred_out',
  TransferredIn: 'transferred_in',
  TransferFailed: 'transfer_failed',
  AddedBySync: 'added_by_sync',
  RemovedBySync: 'removed_by_sync',
  Edited: 'edited',
  ArchiveConsent: 'archive_consent',
} as const;
export type CustomerEventKind = (typeof CustomerEventKind)[keyof typeof CustomerEventKind];
export const customerEventKindSchema = z.enum(
  Object.values(CustomerEventKind) as [CustomerEventKind, ...CustomerEventKind[]],
);

export const tagRefSchema = z.object({ id: z.string(), name: z.string(), groupName: z.string() });
export type TagRef = z.infer<typeof tagRefSchema>;

export const followSchema = z.object({
  /** Null (with the member's name and everything they wrote) for a member outside the viewer's scope. */
  userId: z.string().nullable(),
  memberName: z.string().nullable(),
  memberStatus: z.string(),
  remark: z.string().nullable(),
  description: z.string().nullable(),
  /** Masked unless the viewer may see phone numbers. */
  remarkMobiles: z.array(z.string()),
  remarkCorpName: z.string().nullable(),
  addWay: z.number().int().nullable(),
  /** The 联系我 channel state the customer came through. */
  state: z.string().nullable(),
  addedAt: z.string().nullable(),
  status: followStatusSchema,
  endedAt: z.string().nullable(),
  tags: z.array(tagRefSchema),
  /** The customer's answer to chat archiving for this relation (check_single_agree, msg_audit_approved). */
  archiveConsent: consentSchema,
  archiveConsentAt: z.string().nullable(),
});
export type Follow = z.infer<typeof followSchema>;

export const customerSummarySchema = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  type: z.number().int(),
  corpName: z.string().nullable(),
  status: customerStatusSchema,
  /** Members following now, with their remark for the customer; all null for a member outside the viewer's scope. */
  owners: z.array(
    z.object({ userId: z.string().nullable(), name: z.string().nullable(), remark: z.string().nullable() }),
  ),
  tags: z.array(tagRefSchema),
  /** Masked unless the viewer may see phone numbers. */
  phones: z.array(z.string()),
  firstAddedAt: z.string().nullable(),
  lostAt: z.string().nullable(),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

export const customerSortSchema = z.enum([
  'firstAddedAt',
  '-firstAddedAt',
  'name',
  '-name',
  'updatedAt',
  '-updatedAt',
]);
export const customerListQuerySchema = pageQuerySchema.extend({
  /** Name, remark or phone. */
  q: z.string().trim().max(64).optional(),
  ownerId: z.string().max(64).optional(),
  departmentId: z.string().max(32).optional(),
  tagId: z.string().max(64).optional(),
  state: z.string().max(64).optional(),
  status: customerStatusSchema.optional(),
  addedFrom: z.iso.datetime({ offset: true }).optional(),
  addedTo: z.iso.datetime({ offset: true }).optional(),
  sort: customerSortSchema.default('-firstAddedAt'),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;
export const customerPageSchema = pageOf(customerSummarySchema);

export const customerEventSchema = z.object({
  id: z.string(),
  kind: customerEventKindSchema,
  /** Null when no member took part, and when the member is outside the viewer's scope (see `otherDepartment`). */
  userId: z.string().nullable(),
  memberName: z.string().nullable(),
  /**
   * The entry was made by a member outside the viewer's scope: who it was and what they wrote are withheld,
   * but the console says a member of another department acted, rather than showing no one.
   */
  otherDepartment: z.boolean(),
  /** Cause-specific facts: the channel state, add_way, transfer source, the other member, before/after of an edit. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  occurredAt: z.string(),
});
export type CustomerEvent = z.infer<typeof customerEventSchema>;

export const customerDetailSchema = customerSummarySchema.extend({
  gender: z.number().int(),
  position: z.string().nullable(),
  corpFullName: z.string().nullable(),
  unionId: z.string().nullable(),
  follows: z.array(followSchema),
  timeline: z.array(customerEventSchema),
  groups: z.array(
    z.object({
      chatId: z.string(),
      name: z.string(),
      joinedAt: z.string().nullable(),
      leftAt: z.string().nullable(),
    }),
  ),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const markTagsSchema = z.object({
  userId: z.string().min(1).max(64),
  add: z.array(z.string().min(1)).max(100).default([]),
  remove: z.array(z.string().min(1)).max(100).default([]),
});
export type MarkTagsRequest = z.input<typeof markTagsSchema>;

export const remarkSchema = z.object({
  userId: z.string().min(1).max(64),
  remark: z.string().max(20).optional(),
  description: z.string().max(150).optional(),
  remarkCorpName: z.string().max(64).optional(),
  remarkMobiles: z
    .array(z.string().regex(/^[0-9+\-\s]{3,20}$/))
    .max(5)
    .optional(),
});
export type RemarkRequest = z.input<typeof remarkSchema>;

// ---- corp tags ----------------------------------------------------------------------------------------------

export const tagGroupSchema = z.object({
  groupId: z.string(),
  name: z.string(),
  order: z.number(),
  tags: z.array(
    z.object({ id: z.string(), name: z.string(), order: z.number(), customerCount: z.number().int() }),
  ),
});
export type TagGroup = z.infer<typeof tagGroupSchema>;

export const createTagsSchema = z
  .object({
    groupId: z.string().optional(),
    groupName: z.string().trim().min(1).max(30).optional(),
    tags: z
      .array(z.object({ name: z.string().trim().min(1).max(30), order: z.number().int().optional() }))
      .min(1)
      .max(100),
  })
  .refine((value) => value.groupId || value.groupName, {
    message: 'groupId or groupName is required',
    path: ['groupName'],
  });
export type CreateTagsRequest = z.input<typeof createTagsSchema>;

export const editTagSchema = z.object({
  name: z.string().trim().min(1).max(30),
  order: z.number().int().optional(),
});
export type EditTagRequest = z.input<typeof editTagSchema>;

// ---- customer groups (客户群) -------------------------------------------------------------------------------

export const customerGroupSchema = z.object({
  chatId: z.string(),
  name: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  memberCount: z.number().int(),
  customerCount: z.number().int(),
  status: z.enum(['active', 'dismissed']),
  createdAt: z.string().nullable(),
});
export type CustomerGroup = z.infer<typeof customerGroupSchema>;
export const customerGroupQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  ownerId: z.string().max(64).optional(),
  status: z.enum(['active', 'dismissed']).optional(),
});
export type CustomerGroupQuery = z.infer<typeof customerGroupQuerySchema>;
export const customerGroupPageSchema = pageOf(customerGroupSchema);

export const customerGroupDetailSchema = customerGroupSchema.extend({
  notice: z.string().nullable(),
  members: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      /** 1 a member of the corp, 2 a customer. */
      type: z.number().int(),
      joinedAt: z.string().nullable(),
      joinScene: z.number().int().nullable(),
      leftAt: z.string().nullable(),
    }),
  ),
  history: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      action: z.enum(['join', 'leave']),
      scene: z.number().int().nullable(),
      occurredAt: z.string(),
    }),
  ),
});
export type CustomerGroupDetail = z.infer<typeof customerGroupDetailSchema>;

// ---- sync ---------------------------------------------------------------------------------------------------

export const customerSyncProgressSchema = z.object({
  runId: z.number().int(),
  phase: z.enum(['tags', 'customers', 'groups', 'done']),
  processed: z.number().int(),
  total: z.number().int(),
});
export type CustomerSyncProgress = z.infer<typeof customerSyncProgressSchema>;

/** What a finished customer sync counted (`SyncRun.summary`), in the order the console lists them. */
export const CUSTOMER_SYNC_COUNTS = [
  'followUsers',
  'relations',
  'added',
  'edited',
  'removed',
  'tags',
  'groups',
  'consentChanges',
  'skipped',
] as const;
export type CustomerSyncCount = (typeof CUSTOMER_SYNC_COUNTS)[number];
export type CustomerSyncSummary = Record<CustomerSyncCount, number>;
