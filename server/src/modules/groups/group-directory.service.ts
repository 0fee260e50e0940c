import { In, type DataSource } from 'typeorm';
import { CustomerGroupEntity } from './group.entity';

/** Customer groups' names, for modules that show group chats (the archive). */
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
}
