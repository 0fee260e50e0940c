import type { Permission, Role, Scope } from '@keeper/shared';
import type { ParameterizedContext } from 'koa';
import type Router from '@koa/router';

/** The signed-in user as request handlers see it. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  scope: Scope;
}

export interface KeeperState {
  requestId: string;
  auth?: { user: AuthUser; sessionTokenHash: string; csrfToken: string };
}

export type KeeperContext = ParameterizedContext<KeeperState>;
export type KeeperRouter = Router<KeeperState>;

/** Who is asking, from where: services that show sensitive data record it in the access-audit log. */
export interface Actor {
  user: AuthUser;
  ip: string;
  requestId: string;
}

/** The caller, for audit rows and scope filters. */
export function actorOf(ctx: KeeperContext): Actor {
  if (!ctx.state.auth) throw new Error('actorOf() used on a route without authentication');
  return { user: ctx.state.auth.user, ip: ctx.ip, requestId: ctx.state.requestId };
}
