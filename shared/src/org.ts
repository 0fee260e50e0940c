import { z } from 'zod';
import { failureSchema } from './failures';
import { pageOf, pageQuerySchema } from './pagination';

/** A member's standing. `departed` members are kept: their customers and chats outlive them. */
export const MemberStatus = {
  Active: 'active',
  Disabled: 'disabled',
  Inactive: 'inactive',
  Departed: 'departed',
} as const;
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];
export const memberStatusSchema = z.enum(['active', 'disabled', 'inactive', 'departed']);

export const departmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  order: z.number(),
  memberCount: z.number().int(),
});
export type Department = z.infer<typeof departmentSchema>;

export interface DepartmentNode extends Department {
  children: DepartmentNode[];
}

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  departmentIds: z.array(z.string()),
  mainDepartmentId: z.string().nullable(),
  position: z.string().nullable(),
  /** Masked unless the viewer may see phone numbers. */
  mobile: z.string().nullable(),
  status: memberStatusSchema,
  departedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const memberListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  departmentId: z.string().max(32).optional(),
  status: memberStatusSchema.optional(),
  /**
   * Phones masked whatever the viewer may see: a member picker needs names, not numbers, and so leaves no
   * phone-reveal row in the access audit.
   */
  masked: z.stringbool().optional(),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;
export const memberPageSchema = pageOf(memberSchema);

export const SyncTrigger = { Startup: 'startup', Schedule: 'schedule', Manual: 'manual' } as const;
export type SyncTrigger = (typeof SyncTrigger)[keyof typeof SyncTrigger];

export const syncRunSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  trigger: z.enum(['startup', 'schedule', 'manual']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  summary: z.record(z.string(), z.number()).nullable(),
  /** Why a failed run failed: a code the console words, with the technical text as its detail. */
  failure: failureSchema.nullable(),
});
export type SyncRun = z.infer<typeof syncRunSchema>;

export const orgOverviewSchema = z.object({
  departments: z.array(departmentSchema),
  counts: z.record(memberStatusSchema, z.number().int()),
  lastSync: syncRunSchema.nullable(),
});
export type OrgOverview = z.infer<typeof orgOverviewSchema>;
