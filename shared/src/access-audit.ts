import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination';

/** What was read or exported. Later features add their own actions here. */
export const AccessAction = {
  UsersList: 'users.list',
  AccessAuditList: 'access_audit.list',
  CustomerView: 'customer.view',
  CustomerExport: 'customer.export',
  CustomerList: 'customer.list',
  PhoneReveal: 'phone.reveal',
  /** The conversation list, which shows each conversation's last message. */
  ConversationList: 'conversation.list',
  ConversationView: 'conversation.view',
  ConversationExport: 'conversation.export',
  MessageSearch: 'message.search',
  /** An image, voice, video or file of a chat. */
  MediaView: 'message.media',
  /** The violation list, which quotes the offending messages. */
  ViolationList: 'violation.list',
  /** A handover case's report as a spreadsheet (customer names, receivers, states). */
  HandoverExport: 'handover.export',
  /** A campaign's recipients and results as a spreadsheet. */
  BroadcastExport: 'broadcast.export',
} as const;
export type AccessAction = (typeof AccessAction)[keyof typeof AccessAction];
export const accessActionSchema = z.enum(Object.values(AccessAction) as [AccessAction, ...AccessAction[]]);

export const accessAuditEntrySchema = z.object({
  id: z.string(),
  userId: z.number().int().nullable(),
  username: z.string(),
  action: accessActionSchema,
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  at: z.string(),
});
export type AccessAuditEntry = z.infer<typeof accessAuditEntrySchema>;

export const accessAuditQuerySchema = pageQuerySchema.extend({
  username: z.string().trim().max(64).optional(),
  action: accessActionSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AccessAuditQuery = z.infer<typeof accessAuditQuerySchema>;
export const accessAuditPageSchema = pageOf(accessAuditEntrySchema);
