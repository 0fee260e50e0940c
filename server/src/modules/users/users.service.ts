import { randomBytes } from 'node:crypto';
import {
  AccessAction,
  ErrorCode,
  permissionsOf,
  Role,
  UserStatus,
  type Page,
  type Scope,
  type User,
  type UserListQuery,
  type createUserSchema,
  type updateUserSchema,
} from '@keeper/shared';
import type { z } from 'zod';
import { AppError, notFound } from '../../http/app-error';
import type { Actor, AuthUser } from '../../http/context';
import type { AccessAuditService } from '../access-audit/access-audit.service';
import { hashPassword, verifyPassword } from './password';
import { UserEntity } from './user.entity';
import type { UsersRepository } from './users.repository';

/** Ends every session of an account: the auth module's sessions, wired in app.ts (users do not know auth). */
export interface SessionRevoker {
  destroyAllOf(userId: number): Promise<void>;
}

/** Console accounts: who may sign in, with which roles, over which departments. */
export class UsersService {
  /** Verified against when the username is unknown, so a miss costs as long as a wrong password. */
  private readonly decoyHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly repository: UsersRepository,
    private readonly sessions: SessionRevoker,
    private readonly audit: AccessAuditService,
  ) {}

  /**
   * The account this username and password belong to, or null. An unknown username takes as long as a wrong
   * password, so the timing does not tell which usernames exist.
   */
  async verifyCredentials(
    username: string,
    password: string,
  ): Promise<{ id: number; status: UserStatus } | null> {
    const user = await this.repository.findByUsername(username);
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), password);
    return user?.passwordHash && passwordOk ? { id: user.id, status: user.status } : null;
  }

  async exists(username: string): Promise<boolean> {
    return (await this.repository.findByUsername(username)) !== null;
  }

  count(): Promise<number> {
    return this.repository.count();
  }

  async touchLastLogin(id: number): Promise<void> {
    await this.repository.touchLastLogin(id);
  }

  /** The accounts, with who looked recorded: the list shows every account's roles and scope. */
  async list(query: UserListQuery, actor: Actor): Promise<Page<User>> {
    const { items, total } = await this.repository.list(query);
    await this.audit.record(actor, { action: AccessAction.UsersList, detail: { ...query } });
    return { items: items.map((user) => this.map(user)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: number): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) throw notFound('User');
    return this.map(user);
  }

  async create(input: z.output<typeof createUserSchema>): Promise<User> {
    if (await this.repository.findByUsername(input.username)) {
      throw new AppError(ErrorCode.Conflict, `The username "${input.username}" is taken`);
    }
    const passwordHash = await hashPassword(input.password);
    const id = await this.repository.transaction(async (manager) => {
      const inserted = await manager.insert(UserEntity, {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        wecomUserId: input.wecomUserId,
        status: UserStatus.Active,
      });
      const userId = Number(inserted.identifiers[0]?.id);
      await this.repository.replaceGrants(manager, userId, {
        roles: input.roles,
        departmentIds: input.departmentIds,
      });
      return userId;
    });
    return this.get(id);
  }

  async update(id: number, input: z.output<typeof updateUserSchema>, actor: AuthUser): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) throw notFound('User');
    if (
      id === actor.id &&
      (input.status === UserStatus.Disabled || (input.roles && !input.roles.includes(Role.Admin)))
    ) {
      throw new AppError(ErrorCode.Conflict, 'You cannot disable yourself or remove your own admin role', {
        hint: 'Ask another admin to make this change.',
      });
    }
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    await this.repository.transaction(async (manager) => {
      await manager.update(UserEntity, id, {
        ...(input.displayName !== undefined && { displayName: input.displayName }),
        ...(input.wecomUserId !== undefined && { wecomUserId: input.wecomUserId }),
        ...(input.status !== undefined && { status: input.status }),
        ...(passwordHash && { passwordHash }),
      });
      await this.repository.replaceGrants(manager, id, {
        roles: input.roles,
        departmentIds: input.departmentIds,
      });
    });
    // A new password or a disabled account ends every open session of that account.
    if (passwordHash || input.status === UserStatus.Disabled) await this.sessions.destroyAllOf(id);
    return this.get(id);
  }

  /** The user a session belongs to, as handlers see them; null when gone or disabled. */
  async loadAuthUser(id: number): Promise<AuthUser | null> {
    const user = await this.repository.findById(id);
    if (!user || user.status !== UserStatus.Active) return null;
    const roles = user.roles.map((grant) => grant.role);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles,
      permissions: new Set(permissionsOf(roles)),
      scope: scopeOf(user),
    };
  }

  private map(user: UserEntity): User {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles.map((grant) => grant.role).sort(),
      scope: scopeOf(user),
      wecomUserId: user.wecomUserId,
      status: user.status,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

function scopeOf(user: UserEntity): Scope {
  return {
    all: user.roles.some((grant) => grant.role === Role.Admin),
    departmentIds: user.scopes.map((scope) => scope.departmentId).sort(),
  };
}
