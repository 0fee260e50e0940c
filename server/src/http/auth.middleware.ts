import { timingSafeEqual } from 'node:crypto';
import { CSRF_HEADER, ErrorCode, type Permission } from '@keeper/shared';
import type { Middleware } from 'koa';
import { AppError, forbidden } from './app-error';
import type { AuthUser, KeeperState } from './context';

/** The session behind a cookie token (the auth module's sessions). */
export interface SessionLookup {
  find(token: string): Promise<{ userId: number; tokenHash: string; csrfToken: string } | null>;
}

/** The signed-in account as handlers see it (the users module's accounts). */
export interface AuthUserLookup {
  loadAuthUser(id: number): Promise<AuthUser | null>;
}

export const SESSION_COOKIE = 'keeper_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie into `ctx.state.auth` when there is one. Every write made with a session
 * cookie must carry the session's CSRF token in a header, which a cross-site form cannot set.
 */
export function authenticate(sessions: SessionLookup, users: AuthUserLookup): Middleware<KeeperState> {
  return async (ctx, next) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (token) {
      const session = await sessions.find(token);
      const user = session ? await users.loadAuthUser(session.userId) : null;
      if (session && user) {
        if (!SAFE_METHODS.has(ctx.method) && !sameToken(ctx.get(CSRF_HEADER), session.csrfToken)) {
          throw new AppError(ErrorCode.CsrfRejected, 'Missing or wrong CSRF token', {
            hint: `Send the csrfToken from /api/auth/me in the ${CSRF_HEADER} header.`,
          });
        }
        ctx.state.auth = { user, sessionTokenHash: session.tokenHash, csrfToken: session.csrfToken };
      }
    }
    await next();
  };
}

export function requireAuth(): Middleware<KeeperState> {
  return async (ctx, next) => {
    if (!ctx.state.auth) throw new AppError(ErrorCode.Unauthenticated, 'Please sign in');
    await next();
  };
}

export function requirePermission(permission: Permission): Middleware<KeeperState> {
  return async (ctx, next) => {
    if (!ctx.state.auth) throw new AppError(ErrorCode.Unauthenticated, 'Please sign in');
    if (!ctx.state.auth.user.permissions.has(permission)) throw forbidden();
    await next();
  };
}

/** Any one of the permissions lets the caller through (readers of campaigns: those who send or approve them). */
export function requireAnyPermission(permissions: readonly Permission[]): Middleware<KeeperState> {
  return async (ctx, next) => {
    if (!ctx.state.auth) throw new AppError(ErrorCode.Unauthenticated, 'Please sign in');
    const granted = ctx.state.auth.user.permissions;
    if (!permissions.some((permission) => granted.has(permission))) throw forbidden();
    await next();
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
