import { FollowStatus } from '@keeper/shared';
import { In, type DataSource } from 'typeorm';
import { escapeLike } from '../../db/sql';
import { CustomerEntity, CustomerFollowEntity, CustomerFollowTagEntity } from './customer.entity';

/** Lookups by id list go in chunks: SQLite caps bound parameters, and MySQL plans short lists better. */
const CHUNK = 1_000;

/** A customer a member follows, as the handover planner filters and shows it. */
export interface HeldCustomer {
  externalUserId: string;
  name: string;
  avatar: string | null;
  addedAt: Date | null;
  /** The 联系我 state the customer came through. */
  channel: string | null;
}

export interface HeldFilter {
  tagId?: string;
  channel?: string;
  addedFrom?: Date;
  addedTo?: Date;
}

/** Customers as other modules show and judge them: names, who follows them, what a member holds. */
export class CustomerDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async namesOf(externalUserIds: string[]): Promise<Map<string, string>> {
    const profiles = await this.profilesOf(externalUserIds);
    return new Map([...profiles].map(([id, profile]) => [id, profile.name]));
  }

  async profilesOf(externalUserIds: string[]): Promise<Map<string, { name: string; avatar: string | null }>> {
    const profiles = new Map<string, { name: string; avatar: string | null }>();
    for (const ids of chunks([...new Set(externalUserIds)])) {
      const customers = await this.dataSource.getRepository(CustomerEntity).find({
        select: { externalUserId: true, name: true, avatar: true },
        where: { externalUserId: In(ids) },
      });
      for (const customer of customers)
        profiles.set(customer.externalUserId, { name: customer.name, avatar: customer.avatar });
    }
    return profiles;
  }

  /** Whether each relation of these customers agreed to chat archiving, as WeCom last said. */
  archiveConsentsOf(externalUserIds: string[]) {
    if (externalUserIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(CustomerFollowEntity).find({
      select: { externalUserId: true, userId: true, archiveConsent: true },
      where: { externalUserId: In(externalUserIds) },
    });
  }

  /** The customers `userId` follows now, narrowed by tag, channel and when they were added. */
  async heldBy(userId: string, filter: HeldFilter = {}): Promise<HeldCustomer[]> {
    const query = this.dataSource
      .getRepository(CustomerFollowEntity)
      .createQueryBuilder('f')
      .innerJoin(CustomerEntity, 'c', 'c.external_userid = f.external_userid')
      .select([
        'f.external_userid AS externalUserId',
        'c.name AS name',
        'c.avatar AS avatar',
        'f.added_at AS addedAt',
        'f.state AS channel',
      ])
      .where('f.userid = :userId AND f.status = :active', { userId, active: FollowStatus.Active })
      .orderBy('f.external_userid', 'ASC');
    if (filter.channel) query.andWhere('f.state = :channel', { channel: filter.channel });
    if (filter.addedFrom) query.andWhere('f.added_at >= :addedFrom', { addedFrom: filter.addedFrom });
    if (filter.addedTo) query.andWhere('f.added_at < :addedTo', { addedTo: filter.addedTo });
    if (filter.tagId) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM ${this.tagTable()} t WHERE t.external_userid = f.external_userid AND t.userid = f.userid AND t.tag_id = :tagId)`,
        { tagId: filter.tagId },
      );
    }
    const rows = await query.getRawMany<{
      externalUserId: string;
      name: string;
      avatar: string | null;
      addedAt: Date | string | null;
      channel: string | null;
    }>();
    return rows.map((row) => ({
      ...row,
      addedAt: row.addedAt === null ? null : new Date(row.addedAt),
    }));
  }

  /** When `userId` added each of these customers and through which channel, whether or not they still follow. */
  async relationsOf(
    userId: string,
    externalUserIds: string[],
  ): Promise<Map<string, { addedAt: Date | null; channel: string | null }>> {
    const relations = new Map<string, { addedAt: Date | null; channel: string | null }>();
    for (const ids of chunks([...new Set(externalUserIds)])) {
      const follows = await this.dataSource.getRepository(CustomerFollowEntity).find({
        select: { externalUserId: true, addedAt: true, state: true },
        where: { userId, externalUserId: In(ids) },
      });
      for (const follow of follows)
        relations.set(follow.externalUserId, { addedAt: follow.addedAt, channel: follow.state });
    }
    return relations;
  }

  /** Who follows each of these customers now. */
  async activeFollowersOf(externalUserIds: string[]): Promise<Map<string, string[]>> {
    const followers = new Map<string, string[]>();
    for (const ids of chunks([...new Set(externalUserIds)])) {
      const follows = await this.dataSource.getRepository(CustomerFollowEntity).find({
        select: { externalUserId: true, userId: true },
        where: { externalUserId: In(ids), status: FollowStatus.Active },
      });
      for (const follow of follows) {
        const list = followers.get(follow.externalUserId) ?? [];
        list.push(follow.userId);
        followers.set(follow.externalUserId, list);
      }
    }
    return followers;
  }

  /** How many customers each member follows now (the "by current load" distribution). */
  async customerCounts(userIds: string[]): Promise<Map<string, number>> {
    const counts = new Map(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return counts;
    const rows = await this.dataSource
      .getRepository(CustomerFollowEntity)
      .createQueryBuilder('f')
      .select('f.userid', 'userId')
      .addSelect('COUNT(*)', 'count')
      .where('f.userid IN (:...userIds) AND f.status = :active', { userIds, active: FollowStatus.Active })
      .groupBy('f.userid')
      .getRawMany<{ userId: string; count: string | number }>();
    for (const row of rows) counts.set(row.userId, Number(row.count));
    return counts;
  }

  /** Ids whose name contains `text` (at most 1,000): a search within a list kept by id. */
  async idsNamed(text: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(CustomerEntity)
      .createQueryBuilder('c')
      .select('c.external_userid', 'id')
      .where('c.name LIKE :name', { name: `%${escapeLike(text)}%` })
      .limit(1_000)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  private tagTable(): string {
    return this.dataSource.getMetadata(CustomerFollowTagEntity).tableName;
  }
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += CHUNK) yield items.slice(start, start + CHUNK);
}
