import type { CorpTagGroup } from '@keeper/bot';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { CustomerFollowTagEntity } from '../customers/customer.entity';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import { TagEntity, TagGroupEntity } from './tag.entity';

export class TagsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Makes the tag tables match WeCom's full list; returns the ids of tags that disappeared (deleted in WeCom,
   * which also removes them from customers).
   */
  async reconcile(manager: EntityManager, groups: readonly CorpTagGroup[]): Promise<string[]> {
    const now = new Date();
    const liveTagIds = new Set<string>();
    for (const group of groups.filter((each) => !each.deleted)) {
      await manager.upsert(
        TagGroupEntity,
        {
          groupId: group.group_id,
          name: group.group_name,
          order: group.order ?? 0,
          createdAt: group.create_time ? new Date(group.create_time * 1000) : null,
          deletedAt: null,
        },
        ['groupId'],
      );
      const tags = group.tag.filter((tag) => !tag.deleted);
      for (const tag of tags) liveTagIds.add(tag.id);
      if (tags.length) {
        await manager.upsert(
          TagEntity,
          tags.map((tag) => ({
            tagId: tag.id,
            groupId: group.group_id,
            name: tag.name,
            order: tag.order ?? 0,
            createdAt: tag.create_time ? new Date(tag.create_time * 1000) : null,
            deletedAt: null,
          })),
          ['tagId'],
        );
      }
    }
    const liveGroupIds = groups.filter((group) => !group.deleted).map((group) => group.group_id);
    const stale = (await manager.find(TagEntity, { where: { deletedAt: IsNull() } })).filter(
      (tag) => !liveTagIds.has(tag.tagId),
    );
    if (stale.length) {
      await manager
        .createQueryBuilder()
        .update(TagEntity)
        .set({ deletedAt: now })
        .where('tag_id IN (:...ids)', { ids: stale.map((tag) => tag.tagId) })
        .execute();
    }
    const staleGroups = (await manager.find(TagGroupEntity, { where: { deletedAt: IsNull() } })).filter(
      (group) => !liveGroupIds.includes(group.groupId),
    );
    if (staleGroups.length) {
      await manager
        .createQueryBuilder()
        .update(TagGroupEntity)
        .set({ deletedAt: now })
        .where('group_id IN (:...ids)', { ids: staleGroups.map((group) => group.groupId) })
        .execute();
    }
    return stale.map((tag) => tag.tagId);
  }

  async liveGroups(): Promise<{ group: TagGroupEntity; tags: TagEntity[] }[]> {
    const [groups, tags] = await Promise.all([
      this.dataSource
        .getRepository(TagGroupEntity)
        .find({ where: { deletedAt: IsNull() }, order: { order: 'DESC', groupId: 'ASC' } }),
      this.dataSource
        .getRepository(TagEntity)
        .find({ where: { deletedAt: IsNull() }, order: { order: 'DESC', tagId: 'ASC' } }),
    ]);
    return groups.map((group) => ({ group, tags: tags.filter((tag) => tag.groupId === group.groupId) }));
  }

  /** Customers per tag, counting only tags that members within `scope` put on their relations. */
  async customerCounts(scope: 'all' | string[]): Promise<Map<string, number>> {
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

  findTag(tagId: string): Promise<TagEntity | null> {
    return this.dataSource.getRepository(TagEntity).findOneBy({ tagId });
  }
}
