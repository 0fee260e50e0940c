import { FollowStatus } from '@keeper/shared';
import { In, type DataSource } from 'typeorm';
import { escapeLike, rawDateTime } from '../../db/sql';
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

/** What customers a channel (联系我 state) brought, from the relations that carry its state. */
export interface ChannelBookFigures {
  adds: number;
  losses: number;
  added7: number;
  kept7: number;
  added30: number;
  kept30: number;
  addsToday: number;
}

/** Relations ended by someone leaving (not a handover): what a channel counts as lost. */
const LOST = [FollowStatus.DeletedByMember, FollowStatus.DeletedByCustomer, FollowStatus.RemovedBySync];

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

  /**
   * Per channel state: relations added through it, those lost since, of those added before `now - 7 d`
   * (30 d) how many are still active, and the adds since `dayStart` (the Shanghai day's start).
   */
  async channelFigures(
    states: string[],
    now: Date,
    dayStart: Date,
  ): Promise<Map<string, ChannelBookFigures>> {
    const figures = new Map<string, ChannelBookFigures>();
    if (states.length === 0) return figures;
    const before7 = new Date(now.getTime() - 7 * 86_400_000);
    const before30 = new Date(now.getTime() - 30 * 86_400_000);
    const rows = await this.dataSource
      .getRepository(CustomerFollowEntity)
      .createQueryBuilder('f')
      .select('f.state', 'state')
      .addSelect('COUNT(*)', 'adds')
      .addSelect('SUM(CASE WHEN f.status IN (:...lost) THEN 1 ELSE 0 END)', 'losses')
      .addSelect('SUM(CASE WHEN f.added_at <= :before7 THEN 1 ELSE 0 END)', 'added7')
      .addSelect('SUM(CASE WHEN f.added_at <= :before7 AND f.status = :active THEN 1 ELSE 0 END)', 'kept7')
      .addSelect('SUM(CASE WHEN f.added_at <= :before30 THEN 1 ELSE 0 END)', 'added30')
      .addSelect('SUM(CASE WHEN f.added_at <= :before30 AND f.status = :active THEN 1 ELSE 0 END)', 'kept30')
      .addSelect('SUM(CASE WHEN f.added_at >= :dayStart THEN 1 ELSE 0 END)', 'addsToday')
      .where('f.state IN (:...states)', { states })
      .setParameters({
        lost: LOST,
        before7: this.date(before7),
        before30: this.date(before30),
        dayStart: this.date(dayStart),
        active: FollowStatus.Active,
      })
      .groupBy('f.state')
      .getRawMany<Record<string, string | number | null>>();
    for (const row of rows) {
      const n = (key: string) => Number(row[key] ?? 0);
      figures.set(String(row.state), {
        adds: n('adds'),
        losses: n('losses'),
        added7: n('added7'),
        kept7: n('kept7'),
        added30: n('added30'),
        kept30: n('kept30'),
        addsToday: n('addsToday'),
      });
    }
    return figures;
  }

  /** How many customers each member added through the channel `state` since `since` (kept or not). */
  async channelAddsSince(state: string, since: Date): Promise<Map<string, number>> {
    const rows = await this.dataSource
      .getRepository(CustomerFollowEntity)
      .createQueryBuilder('f')
      .select('f.userid', 'userId')
      .addSelect('COUNT(*)', 'count')
      .where('f.state = :state AND f.added_at >= :since', { state, since: this.date(since) })
      .groupBy('f.userid')
      .getRawMany<{ userId: string; count: string | number }>();
    return new Map(rows.map((row) => [row.userId, Number(row.count)]));
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

  private date(value: Date): Date | string {
    return rawDateTime(this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql', value);
  }

  private tagTable(): string {
    return this.dataSource.getMetadata(CustomerFollowTagEntity).tableName;
  }
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += CHUNK) yield items.slice(start, start + CHUNK);
}
