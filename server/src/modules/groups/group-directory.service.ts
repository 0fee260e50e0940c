import { In, type DataSource } from 'typeorm';
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
}
