import { z } from 'zod';
import { broadcastContentSchema } from './broadcasts';

/**
 * Channel QR codes (渠道活码): a WeCom 联系我 code (add_contact_way) whose `state` names the channel, with the
 * members it rings (one or several, by time of day, each up to a daily cap, backup members when all are
 * full), tags and a remark put on every customer who adds through it, and a welcome message sent with the
 * add's welcome code before anything else.
 */

/** WeCom's `state` is at most 30 characters; Keeper's channel names use letters, digits, `-` and `_`. */
export const channelStateSchema = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _');

const userId = z.string().min(1).max(64);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

/** Who the code rings between two times of day (Shanghai) on some weekdays (1 Monday … 7 Sunday). */
export const channelShiftSchema = z.object({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  from: time,
  to: time,
  memberIds: z.array(userId).min(1).max(100),
});
export type ChannelShift = z.infer<typeof channelShiftSchema>;

export const channelInputSchema = z.object({
  name: z.string().trim().min(1).max(64),
  state: channelStateSchema,
  /** The members it rings when no shift applies (or always, without shifts). */
  memberIds: z.array(userId).min(1).max(100),
  shifts: z.array(channelShiftSchema).max(20).default([]),
  /** New customers a member takes through this code per Shanghai day; null for no cap. */
  dailyCap: z.number().int().min(1).max(10_000).nullable().default(null),
  /** Rung when every member on duty is at the cap or none is on duty. */
  backupMemberIds: z.array(userId).max(20).default([]),
  /** Add without the member's confirmation (WeCom's skip_verify). */
  skipVerify: z.boolean().default(true),
  /** Corp tags put on each customer added through the code. */
  tagIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  /** Put before the customer's name as the member's remark (e.g. 「展会-」); null for none. */
  remarkPrefix: z.string().trim().max(20).nullable().default(null),
  /** Sent with the welcome code; empty text and no materials: no welcome message. */
  welcome: broadcastContentSchema.default({ text: '', materialIds: [] }),
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

/** What a code has brought: adds, losses, and customers still kept 7 and 30 days after they were added. */
export const channelFiguresSchema = z.object({
  adds: z.number().int(),
  losses: z.number().int(),
  /** Of those added at least 7 (30) days ago, how many are still customers; null while none is that old. */
  kept7: z.number().int().nullable(),
  added7: z.number().int(),
  kept30: z.number().int().nullable(),
  added30: z.number().int(),
  addsToday: z.number().int(),
});
export type ChannelFigures = z.infer<typeof channelFiguresSchema>;

export const channelSchema = channelInputSchema.extend({
  id: z.string(),
  /** WeCom's config_id, and the QR image it made (downloaded through `/api/channels/:id/qrcode.png`). */
  configId: z.string().nullable(),
  enabled: z.boolean(),
  /** The members WeCom rings right now (shifts, caps and backups applied). */
  onDuty: z.array(userId),
  figures: channelFiguresSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof channelSchema>;

/** The welcome sent to one customer: when, and whether it made WeCom's 20 seconds. */
export const welcomeOutcomeSchema = z.enum(['sent', 'late', 'already_chatting', 'failed']);
export type WelcomeOutcome = z.infer<typeof welcomeOutcomeSchema>;
