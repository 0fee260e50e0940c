import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination';
import { roleSchema, scopeSchema } from './roles';

export const UserStatus = { Active: 'active', Disabled: 'disabled' } as const;
export type UserStatus = (typeof UserStatus)[keyof typeof UserStatus];
export const userStatusSchema = z.enum(['active', 'disabled']);

const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only');
/** Long enough to resist guessing; no composition rules (NIST SP 800-63B). */
const password = z.string().min(10).max(256);

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  scope: scopeSchema,
  wecomUserId: z.string().nullable(),
  status: userStatusSchema,
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  role: roleSchema.optional(),
  status: userStatusSchema.optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;
export const userPageSchema = pageOf(userSchema);

export const createUserSchema = z.object({
  username,
  displayName: z.string().trim().min(1).max(64),
  password,
  roles: z.array(roleSchema).min(1),
  departmentIds: z.array(z.string()).default([]),
  wecomUserId: z.string().trim().min(1).max(64).nullable().default(null),
});
export type CreateUserRequest = z.input<typeof createUserSchema>;

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  password: password.optional(),
  roles: z.array(roleSchema).min(1).optional(),
  departmentIds: z.array(z.string()).optional(),
  wecomUserId: z.string().trim().min(1).max(64).nullable().optional(),
  status: userStatusSchema.optional(),
});
export type UpdateUserRequest = z.input<typeof updateUserSchema>;

export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string().min(1),
  newPassword: password,
});
