import { ROLE_PERMISSIONS, type Permission, type Role } from '@keeper/shared';
import { In, type DataSource } from 'typeorm';
import type { AuthUser } from '../../http/context';
import { MemberDirectory } from '../org/member-directory.service';
import type { ScopeService } from '../org/scope.service';
import { UserEntity, UserRoleEntity } from './user.entity';
import type { UsersService } from './users.service';

export interface Recipient {
  user: AuthUser;
  wecomUserId: string | null;
}

/**
 * Who should hear about something a member did: active console users whose roles grant `permission` and
 * whose department scope covers that member. Used for live alerts, violations and bot messages alike.
 */
export class Recipients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly scopes: ScopeService,
  ) {}

  async covering(permission: Permission, memberUserId: string): Promise<Recipient[]> {
    const memberDepartments =
      (await new MemberDirectory(this.dataSource).departmentsOf([memberUserId])).get(memberUserId) ?? [];
    const recipients: Recipient[] = [];
    for (const { user, wecomUserId } of await this.granted([permission])) {
      if (await this.scopes.coversMember(user, memberDepartments)) recipients.push({ user, wecomUserId });
    }
    return recipients;
  }

  /**
   * Active console users granted any of `permissions` whose scope covers every one of `departmentIds` (null: the
   * whole corp, which only corp-wide users cover) — the readers of something held to departments, like a campaign.
   */
  async coveringDepartments(
    permissions: readonly Permission[],
    departmentIds: string[] | null,
  ): Promise<Recipient[]> {
    const recipients: Recipient[] = [];
    for (const { user, wecomUserId } of await this.granted(permissions)) {
      if (await this.scopes.coversDepartments(user, departmentIds ?? []))
        recipients.push({ user, wecomUserId });
    }
    return recipients;
  }

  private async granted(permissions: readonly Permission[]): Promise<Recipient[]> {
    const roles = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) =>
      permissions.some((permission) => ROLE_PERMISSIONS[role].includes(permission)),
    );
    const grants = await this.dataSource.getRepository(UserRoleEntity).findBy({ role: In(roles) });
    const userIds = [...new Set(grants.map((grant) => grant.userId))];
    if (userIds.length === 0) return [];
    const accounts = await this.dataSource
      .getRepository(UserEntity)
      .find({ select: { id: true, wecomUserId: true }, where: { id: In(userIds) } });
    const found: Recipient[] = [];
    for (const account of accounts) {
      const user = await this.users.loadAuthUser(account.id);
      if (user) found.push({ user, wecomUserId: account.wecomUserId });
    }
    return found;
  }
}
