import type { AccessAuditQuery } from '@keeper/shared';
import type { DataSource, Repository } from 'typeorm';
import { AccessAuditEntity } from './access-audit.entity';

export class AccessAuditRepository {
  private readonly rows: Repository<AccessAuditEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(AccessAuditEntity);
  }

  async insert(row: Omit<AccessAuditEntity, 'id'>): Promise<void> {
    // TypeORM's deep-partial insert type cannot follow a recursive JSON type; the entity type is the check.
    const entity: Omit<AccessAuditEntity, 'id'> = row;
    await this.rows
      .createQueryBuilder()
      .insert()
      .values(entity as object)
      .execute();
  }

  async list(query: AccessAuditQuery): Promise<{ items: AccessAuditEntity[]; total: number }> {
    const builder = this.rows.createQueryBuilder('a');
    if (query.username) builder.andWhere('a.username = :username', { username: query.username });
    if (query.action) builder.andWhere('a.action = :action', { action: query.action });
    if (query.from) builder.andWhere('a.at >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('a.at < :to', { to: new Date(query.to) });
    const [items, total] = await builder
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }
}
