import { AlertStatus, type AlertQuery } from '@keeper/shared';
import type { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../../db/errors';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import { AlertEntity } from './alert.entity';

export interface AlertRow extends AlertEntity {
  memberName: string | null;
  customerName: string | null;
}

export class AlertsRepository {
  private readonly alerts: Repository<AlertEntity>;

  constructor(dataSource: DataSource) {
    this.alerts = dataSource.getRepository(AlertEntity);
  }

  /** Inserts once per dedupe key; returns the new id, or null when that alert already exists. */
  async insertOnce(
    manager: EntityManager,
    alert: Omit<AlertEntity, 'id' | 'createdAt'>,
  ): Promise<string | null> {
    try {
      const result = await manager.insert(AlertEntity, alert);
      return String(result.identifiers[0]?.id);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async findRow(id: string, scope: 'all' | string[]): Promise<AlertRow | null> {
    const builder = this.rows(scope).andWhere('a.id = :id', { id });
    return (await this.hydrate(builder.getRawAndEntities()))[0] ?? null;
  }

  async list(query: AlertQuery, scope: 'all' | string[]): Promise<{ items: AlertRow[]; total: number }> {
    const builder = this.rows(scope);
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    if (query.kind) builder.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.userId) builder.andWhere('a.userid = :userId', { userId: query.userId });
    const total = await builder.getCount();
    const items = await this.hydrate(
      builder
        .orderBy('a.occurred_at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .offset((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .getRawAndEntities(),
    );
    return { items, total };
  }

  async countOpen(scope: 'all' | string[]): Promise<number> {
    return this.rows(scope).andWhere('a.status = :open', { open: AlertStatus.Open }).getCount();
  }

  async update(
    id: string,
    patch: Pick<AlertEntity, 'status' | 'note' | 'handledBy' | 'handledAt'>,
  ): Promise<void> {
    await this.alerts.update(id, patch);
  }

  private rows(scope: 'all' | string[]): SelectQueryBuilder<AlertEntity> {
    const builder = this.alerts
      .createQueryBuilder('a')
      .leftJoin('members', 'm', 'm.userid = a.userid')
      .leftJoin('customers', 'c', 'c.external_userid = a.external_userid')
      .addSelect('m.name', 'member_name')
      .addSelect('c.name', 'customer_name');
    if (scope !== 'all') builder.andWhere(memberInScopeSql('a.userid'), scopeParams(scope));
    return builder;
  }

  private async hydrate(
    query: Promise<{ entities: AlertEntity[]; raw: Record<string, unknown>[] }>,
  ): Promise<AlertRow[]> {
    const { entities, raw } = await query;
    return entities.map((entity) => {
      const extra = raw.find((row) => String(row.a_id) === String(entity.id));
      return {
        ...entity,
        memberName: (extra?.member_name as string | null | undefined) ?? null,
        customerName: (extra?.customer_name as string | null | undefined) ?? null,
      };
    });
  }
}
