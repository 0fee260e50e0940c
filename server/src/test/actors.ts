import { permissionsOf, Role } from '@keeper/shared';
import type { Actor, AuthUser } from '../http/context';

/** A signed-in account with these roles, seeing the whole corp (admins) or these departments. */
export function userWith(roles: Role[], departmentIds: string[] = [], username = 'admin'): AuthUser {
  return {
    id: 1,
    username,
    displayName: username,
    roles,
    permissions: new Set(permissionsOf(roles)),
    scope: { all: roles.includes(Role.Admin), departmentIds },
  };
}

/** The caller as services see it: reads of chats and customers are recorded under this actor. */
export function actorWith(roles: Role[], departmentIds: string[] = [], username = 'bench'): Actor {
  return { user: userWith(roles, departmentIds, username), ip: '127.0.0.1', requestId: username };
}

/** An administrator, who sees and may change the whole corp. */
export const corpAdmin: AuthUser = userWith([Role.Admin]);
