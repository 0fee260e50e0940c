import { z } from 'zod';
import { roleSchema, scopeSchema } from './roles';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The signed-in user, as `GET /api/auth/me` and `POST /api/auth/login` answer it. */
export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  permissions: z.array(z.string()),
  scope: scopeSchema,
  /** Send back as the `X-CSRF-Token` header on every write. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const CSRF_HEADER = 'x-csrf-token';
