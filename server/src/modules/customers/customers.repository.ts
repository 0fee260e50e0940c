import type { CustomerListQuery } from '@keeper/shared';
import { In, type DataSource, type Repository, type SelectQueryBuilder } from 'typeorm';
import { MemberDirectory } from '../org/member-directory.service';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import { TagDirectory } from '../tags/tag-directory.service';
import { escapeLike } from '../../db/sql';
import {
  CustomerEntity,
  CustomerEventEntity,
  CustomerFollowEntity,
  CustomerFollowTagEntity,
} from './customer.entity';

const SORTS: Record<CustomerListQuery['sort'], [string, 'ASC' | 'DESC']> = {
  firstAddedAt: ['c.first_added_at', 'ASC'],
  '-firstAddedAt': ['c.first_added_at', 'DESC'],
  name: ['c.name', 'ASC'],
  '-name': ['c.name', 'DESC'],
  updatedAt: ['c.updated_at', 'ASC'],
  '-updatedAt': ['c.updated_at', 'DESC'],
};

export interface FollowRow extends CustomerFollowEntity {
  memberName: string;
  memberStatus: string;
}

export interface TagRow {
  tagId: string;
  name: string;
  groupName: string;
}

/**
 * Customer queries. Scope filtering happens here: a viewer sees a customer when any member in their
 * departments follows or followed them.
 */
export class CustomersRepository {
  private readonly customers: Repository<CustomerEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.customers = dataSource.getRepository(CustomerEntity);
  }

  /** The filtered list: one query for the page, one for the count. `subtreeOf` expands a department filter. */
  async list(
    query: CustomerListQuery,
    scope: 'all' | string[],
    departmentFilter: string[] | undefined,
  ): Promise<{ items: CustomerEntity[]; total: number }> {
    const builder = this.filtered(query, scope, departmentFilter);
    const [column, direction] = SORTS[query.sort];
    // With a substring search the matches are few and unpredictable: sorting by an expression keeps the
    // planner from walking the sort index row by row (each a lookup) and makes it filter first, then sort.
    const sortBy = query.q ? `COALESCE(${column}, ${column})` : column;
    const [page, total] = await Promise.all([
      // Ids first, then the rows: deep pages skip index entries instead of whole rows.
      builder
        .clone()
        .select('c.external_userid', 'id')
        .orderBy(sortBy, direction)
        .addOrderBy('c.external_userid', direction)
        .offset((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .getRawMany<{ id: string }>(),
      this.countFromRelations(query, scope, departmentFilter) ?? builder.getCount(),
    ]);
    const ids = page.map((row) => row.id);
    const rows = ids.length ? await this.customers.findBy({ externalUserId: In(ids) }) : [];
    const byId = new Map(rows.map((row) => [row.externalUserId, row]));
    return {
      items: ids.map((id) => byId.get(id)).filter((row): row is CustomerEntity => row !== undefined),
      total,
    };
  }

  /**
   * The total for lists filtered by one relation-level condition only (a manager's scope, an owner, a
   * department, a channel, a tag) counted straight from the covering relation indexes: counting customers
   * with the condition as a semi-join costs several times more on MariaDB. Undefined when the filters mix.
   */
  private countFromRelations(
    query: CustomerListQuery,
    scope: 'all' | string[],
    departmentFilter: string[] | undefined,
  ): Promise<number> | undefined {
    if (query.q || query.status || query.addedFrom || query.addedTo) return undefined;
    const conditions: [string, Record<string, unknown>][] = [];
    if (scope !== 'all') conditions.push([memberInScopeSql('f.userid'), scopeParams(scope)]);
    if (query.ownerId)
      conditions.push(["f.userid = :owner AND f.status = 'active'", { owner: query.ownerId }]);
    if (departmentFilter) {
      conditions.push([
        `f.status = 'active' AND ${memberInScopeSql('f.userid', 'filterDepartments')}`,
        scopeParams(departmentFilter, 'filterDepartments'),
      ]);
    }
    if (query.state) conditions.push(['f.state = :state', { state: query.state }]);
    const distinct = async (table: string, where: string, params: Record<string, unknown>) => {
      const row = await this.dataSource
        .createQueryBuilder()
        .from(table, 'f')
        .select('COUNT(DISTINCT f.external_userid)', 'n')
        .where(where, params)
        .getRawOne<{ n: string | number }>();
      return Number(row?.n ?? 0);
    };
    if (query.tagId)
      return conditions.length === 0
        ? distinct('customer_follow_tags', 'f.tag_id = :tag', { tag: query.tagId })
        : undefined;
    if (conditions.length !== 1) return undefined;
    const [where, params] = conditions[0]!;
    return distinct('customer_follows', where, params);
  }

  /** Batches of the filtered list for export, in a stable order. */
  async *stream(
    query: CustomerListQuery,
    scope: 'all' | string[],
    departmentFilter: string[] | undefined,
    batchSize = 1000,
  ): AsyncGenerator<CustomerEntity[]> {
    const builder = this.filtered(query, scope, departmentFilter).orderBy('c.external_userid', 'ASC');
    let after = '';
    for (;;) {
      const batch = await builder
        .clone()
        .andWhere('c.external_userid > :after', { after })
        .limit(batchSize)
        .getMany();
      if (batch.length === 0) return;
      yield batch;
      after = batch[batch.length - 1]!.externalUserId;
    }
  }

  private filtered(
    query: CustomerListQuery,
    scope: 'all' | string[],
    departmentFilter: string[] | undefined,
  ): SelectQueryBuilder<CustomerEntity> {
    const builder = this.customers.createQueryBuilder('c');
    if (scope !== 'all') {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM customer_follows sf WHERE sf.external_userid = c.external_userid AND ${memberInScopeSql('sf.userid')})`,
        scopeParams(scope),
      );
    }
    if (query.q) builder.andWhere('c.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.addedFrom)
      builder.andWhere('c.first_added_at >= :addedFrom', { addedFrom: new Date(query.addedFrom) });
    if (query.addedTo) builder.andWhere('c.first_added_at < :addedTo', { addedTo: new Date(query.addedTo) });
    if (query.ownerId) {
      builder.andWhere(
        "EXISTS (SELECT 1 FROM customer_follows fo WHERE fo.external_userid = c.external_userid AND fo.userid = :owner AND fo.status = 'active')",
        { owner: query.ownerId },
      );
    }
    if (departmentFilter) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM customer_follows fd WHERE fd.external_userid = c.external_userid AND fd.status = 'active' AND ${memberInScopeSql('fd.userid', 'filterDepartments')})`,
        scopeParams(departmentFilter, 'filterDepartments'),
      );
    }
    if (query.tagId) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM customer_follow_tags ft WHERE ft.external_userid = c.external_userid AND ft.tag_id = :tag)',
        {
          tag: query.tagId,
        },
      );
    }
    if (query.state) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM customer_follows fs WHERE fs.external_userid = c.external_userid AND fs.state = :state)',
        {
          state: query.state,
        },
      );
    }
    return builder;
  }

  async isVisible(externalUserId: string, scope: 'all' | string[]): Promise<boolean> {
    const builder = this.customers
      .createQueryBuilder('c')
      .where('c.external_userid = :id', { id: externalUserId });
    if (scope !== 'all') {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM customer_follows sf WHERE sf.external_userid = c.external_userid AND ${memberInScopeSql('sf.userid')})`,
        scopeParams(scope),
      );
    }
    return (await builder.getCount()) > 0;
  }

  findCustomer(externalUserId: string): Promise<CustomerEntity | null> {
    return this.customers.findOneBy({ externalUserId });
  }

  /** Follow relations of the given customers with their members' names. */
  async follows(externalUserIds: string[]): Promise<FollowRow[]> {
    if (externalUserIds.length === 0) return [];
    const follows = await this.dataSource
      .getRepository(CustomerFollowEntity)
      .find({ where: { externalUserId: In(externalUserIds) }, order: { addedAt: 'ASC' } });
    const byId = await new MemberDirectory(this.dataSource).find(follows.map((follow) => follow.userId));
    return follows.map((follow) => ({
      ...follow,
      memberName: byId.get(follow.userId)?.name ?? follow.userId,
      memberStatus: byId.get(follow.userId)?.status ?? 'unknown',
    }));
  }

  /** Tags on the given customers, per follow relation. */
  async tags(externalUserIds: string[]): Promise<(CustomerFollowTagEntity & TagRow)[]> {
    if (externalUserIds.length === 0) return [];
    const links = await this.dataSource
      .getRepository(CustomerFollowTagEntity)
      .findBy({ externalUserId: In(externalUserIds) });
    const tagIds = [...new Set(links.map((link) => link.tagId))];
    if (tagIds.length === 0) return [];
    const labels = await new TagDirectory(this.dataSource).labelsOf(tagIds);
    return links.flatMap((link) => {
      const label = labels.get(link.tagId);
      return label ? [{ ...link, ...label }] : [];
    });
  }

  /** Customers per tag, counting only tags that members within `scope` put on their relations. */
  async countByTag(scope: 'all' | string[]): Promise<Map<string, number>> {
    const builder = this.dataSource
      .getRepository(CustomerFollowTagEntity)
      .createQueryBuilder('t')
      .select('t.tag_id', 'tagId')
      .addSelect('COUNT(DISTINCT t.external_userid)', 'count');
    if (scope !== 'all') builder.where(memberInScopeSql('t.userid'), scopeParams(scope));
    const rows = (await builder.groupBy('t.tag_id').getRawMany()) as {
      tagId: string;
      count: string | number;
    }[];
    return new Map(rows.map((row) => [row.tagId, Number(row.count)]));
  }

  timeline(externalUserId: string, limit = 500): Promise<CustomerEventEntity[]> {
    return this.dataSource
      .getRepository(CustomerEventEntity)
      .find({ where: { externalUserId }, order: { occurredAt: 'DESC', id: 'DESC' }, take: limit });
  }

  async memberNames(userIds: string[]): Promise<Map<string, string>> {
    return new MemberDirectory(this.dataSource).namesOf(userIds);
  }

  /** Every relation of the given members that ended because the customer deleted the member. */
  async deletedByCustomerOf(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(CustomerFollowEntity).find({
      select: { externalUserId: true, userId: true },
      where: { userId: In(userIds), status: 'deleted_by_customer' },
    });
    return new Set(rows.map((row) => `${row.externalUserId}\u0000${row.userId}`));
  }

  /** The active relations of the given members (the reconciliation sync's view of Keeper). */
  activeFollowsOf(userIds: string[]): Promise<CustomerFollowEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(CustomerFollowEntity)
      .find({ where: { userId: In(userIds), status: 'active' } });
  }
}
