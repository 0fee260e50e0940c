import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination';

export const AlertKind = {
  /** A member deleted a customer (私删客户). */
  MemberDeletedCustomer: 'member_deleted_customer',
  /** A customer deleted a member. */
  CustomerDeletedMember: 'customer_deleted_member',
} as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];
export const alertKindSchema = z.enum(['member_deleted_customer', 'customer_deleted_member']);

export const AlertStatus = { Open: 'open', Acknowledged: 'acknowledged', Resolved: 'resolved' } as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];
export const alertStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);

export const alertSchema = z.object({
  id: z.string(),
  kind: alertKindSchema,
  severity: z.enum(['high', 'medium', 'low']),
  status: alertStatusSchema,
  userId: z.string(),
  memberName: z.string(),
  externalUserId: z.string().nullable(),
  customerName: z.string().nullable(),
  occurredAt: z.string(),
  note: z.string().nullable(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertQuerySchema = pageQuerySchema.extend({
  status: alertStatusSchema.optional(),
  kind: alertKindSchema.optional(),
  userId: z.string().max(64).optional(),
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;
export const alertPageSchema = pageOf(alertSchema);

export const updateAlertSchema = z.object({
  status: z.enum(['acknowledged', 'resolved']),
  note: z.string().trim().max(500).optional(),
});
export type UpdateAlertRequest = z.infer<typeof updateAlertSchema>;

/** Socket.io: the server pushes these to signed-in users whose scope covers the member. */
export const SocketEvent = {
  AlertCreated: 'alert:created',
  AlertCounts: 'alert:counts',
  CustomerChanged: 'customer:changed',
  SyncProgress: 'sync:progress',
  ViolationCreated: 'violation:created',
  ArchiveStatus: 'archive:status',
  /** To readers watching the conversation: it has new messages (`{ conversationId }`), to fetch as usual. */
  ConversationMessages: 'conversation:messages',
  /** A handover case changed (`{ caseId }`): the console refetches it through the API. */
  HandoverProgress: 'handover:progress',
  /** How many departures in the reader's scope still need a manager (`{ open }`), the 离职继承 badge. */
  HandoverInbox: 'handover:inbox',
  /** A campaign changed (`{ campaignId }`): counts, task confirmations, results. The console refetches it. */
  BroadcastProgress: 'broadcast:progress',
} as const;

/**
 * Socket.io, console → server: start or stop receiving `conversation:messages` for a conversation
 * (the conversation id as the argument). Watch acknowledges with whether the user may read it.
 */
export const SocketCommand = {
  WatchConversation: 'conversation:watch',
  UnwatchConversation: 'conversation:unwatch',
} as const;
export const conversationMessagesEventSchema = z.object({ conversationId: z.string() });
export type ConversationMessagesEvent = z.infer<typeof conversationMessagesEventSchema>;
export const alertCountsSchema = z.object({ open: z.number().int() });
export type AlertCounts = z.infer<typeof alertCountsSchema>;
