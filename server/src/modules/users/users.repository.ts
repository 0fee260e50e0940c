import type { Role, UserListQuery } from '@keeper/shared';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { escapeLike } from '../../db/sql';
import { UserEntity, UserRoleEntity, UserScopeEntity } from './user.entity';

/** Queries on console accounts, their roles and their department scopes. */
export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.users = dataSource.getRepository(UserEntity);
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id }, relations: { roles: true, scopes: true } });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { username }, relations: { roles: true, scopes: true } });
  }

  async touchLastLogin(id: number): Promise<void> {
    await this.users.update(id, { lastLoginAt: new Date() });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async list(query: UserListQuery): Promise<{ items: UserEntity[]; total: number }> {
    const builder = this.users.createQueryBuilder('u');
    if (query.q) {
      builder.andWhere('(u.username LIKE :q OR u.display_name LIKE :q OR u.wecom_userid LIKE :q)', {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    if (query.status) builder.andWhere('u.status = :status', { status: query.status });
    if (query.role) {
      builder.andWhere('EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = :role)', {
        role: query.role,
      });
    }
    const [page, total] = await builder
      .orderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    if (page.length === 0) return { items: [], total };
    // Relations loaded in a second query: joining them into a paginated query would page over join rows.
    const items = await this.users.find({
      where: page.map((user) => ({ id: user.id })),
      relations: { roles: true, scopes: true },
      order: { id: 'ASC' },
    });
    return { items, total };
  }

  /** Replaces the roles and scopes of a user inside the caller's transaction. */
  async replaceGrants(
    manager: EntityManager,
    userId: number,
    grants: { roles?: Role[]; departmentIds?: string[] },
  ): Promise<void> {
    if (grants.roles) {
      await manager.delete(UserRoleEntity, { userId });
      await manager.insert(
        UserRoleEntity,
        [...new Set(grants.roles)].map((role) => ({ userId, role })),
      );
    }
    if (grants.departmentIds) {
      await manager.delete(UserScopeEntity, { userId });
      const departmentIds = [...new Set(grants.departmentIds)];
      if (departmentIds.length > 0) {
        await manager.insert(
          UserScopeEntity,
          departmentIds.map((departmentId) => ({ userId, departmentId })),
        );
      }
    }
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
