import { In, type DataSource } from 'typeorm';
import { TagEntity, TagGroupEntity } from './tag.entity';

/** Tags' names with their groups' names, for modules that show tagged things (the customer book). */
export class TagDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async labelsOf(tagIds: string[]): Promise<Map<string, { name: string; groupName: string }>> {
    const unique = [...new Set(tagIds)];
    if (unique.length === 0) return new Map();
    const tags = await this.dataSource.getRepository(TagEntity).findBy({ tagId: In(unique) });
    const groups = await this.dataSource
      .getRepository(TagGroupEntity)
      .findBy({ groupId: In([...new Set(tags.map((tag) => tag.groupId))]) });
    return new Map(
      tags.map((tag) => [
        tag.tagId,
        { name: tag.name, groupName: groups.find((group) => group.groupId === tag.groupId)?.name ?? '' },
      ]),
    );
  }
}
