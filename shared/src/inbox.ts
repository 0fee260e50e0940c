import { z } from 'zod';
import { failureSchema } from './failures';
import { pageOf, pageQuerySchema } from './pagination';

/** Where a received WeCom callback stands. `parked` ones failed every retry and wait for a person. */
export const InboxStatus = { Pending: 'pending', Done: 'done', Parked: 'parked' } as const;
export type InboxStatus = (typeof InboxStatus)[keyof typeof InboxStatus];
export const inboxStatusSchema = z.enum(['pending', 'done', 'parked']);

export const inboxEventSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  status: inboxStatusSchema,
  attempts: z.number().int(),
  /** Why the last attempt failed: a code the console words, with the technical text as its detail. */
  lastFailure: failureSchema.nullable(),
  receivedAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  processedAt: z.string().nullable(),
  /** The parsed event (ids, change type); never a chat message body. */
  summary: z.record(z.string(), z.unknown()),
});
export type InboxEvent = z.infer<typeof inboxEventSchema>;

export const inboxQuerySchema = pageQuerySchema.extend({ status: inboxStatusSchema.default('parked') });
export type InboxQuery = z.infer<typeof inboxQuerySchema>;
export const inboxPageSchema = pageOf(inboxEventSchema);

export const inboxRetrySchema = z.object({ ids: z.array(z.string().regex(/^\d+$/)).min(1).max(500) });
export type InboxRetryRequest = z.infer<typeof inboxRetrySchema>;

export const inboxCountsSchema = z.record(inboxStatusSchema, z.number().int());
