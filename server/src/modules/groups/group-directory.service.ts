import { In, type DataSource } from 'typeorm';
import { escapeLike } from '../../db/sql';
import { CustomerGroupEntity } from './group.entity';

/** Customer groups as other modules show them: names (the archive), the groups a member owns (handovers). */
export class GroupDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async namesOf(chatIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(chatIds)].filter(Boolean);
    if (unique.length === 0) return new Map();
    const groups = await this.dataSource
      .getRepository(CustomerGroupEntity)
      .find({ select: { chatId: true, name: true }, where: { chatId: In(unique) } });
    return new Map(groups.map((group) => [group.chatId, group.name]));
  }

  /** The active groups `ownerId` owns, by name. */
  async ownedBy(ownerId: string): Promise<{ chatId: string; name: string }[]> {
    const groups = await this.dataSource.getRepository(CustomerGroupEntity).find({
      select: { chatId: true, name: true },
      where: { ownerId, status: 'active' },
      order: { chatId: 'ASC' },
    });
    return groups.map((group) => ({ chatId: group.chatId, name: group.name }));
  }

  /**
   * Active groups owned by any of `ownerIds`, optionally only those listed or whose name contains a text: the
   * audience of a group campaign (the caller has already cut the owners to its scope).
   */
  async activeOwnedBy(
    ownerIds: string[],
    filter: { chatIds?: string[]; nameContains?: string } = {},
  ): Promise<{ chatId: string; ownerId: string }[]> {
    if (ownerIds.length === 0) return [];
    const builder = this.dataSource
      .getRepository(CustomerGroupEntity)
      .createQueryBuilder('g')
      .select(['g.chatId', 'g.ownerId'])
      .where('g.status = :status', { status: 'active' })
      .andWhere('g.owner_userid IN (:...ownerIds)', { ownerIds });
    if (filter.chatIds && filter.chatIds.length > 0)
      builder.andWhere('g.chat_id IN (:...chatIds)', { chatIds: filter.chatIds });
    if (filter.nameContains)
      builder.andWhere('g.name LIKE :name', { name: `%${escapeLike(filter.nameContains)}%` });
    const groups = await builder.orderBy('g.chat_id', 'ASC').getMany();
    return groups.map((group) => ({ chatId: group.chatId, ownerId: group.ownerId }));
  }

  /** Ids whose name contains `text` (at most 1,000): a search within a list kept by id. */
  async idsNamed(text: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(CustomerGroupEntity)
      .createQueryBuilder('g')
      .select('g.chat_id', 'id')
      .where('g.name LIKE :name', { name: `%${escapeLike(text)}%` })
      .limit(1_000)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}
