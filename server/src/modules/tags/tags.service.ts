import type { WeComClient } from '@keeper/bot';
import { ErrorCode, type CreateTagsRequest, type EditTagRequest, type TagGroup } from '@keeper/shared';
import { AppError, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { CustomerBook } from '../customers/customer-book';
import { requireCorpWide } from '../org/scope';
import type { ScopeService } from '../org/scope.service';
import type { TagsRepository } from './tags.repository';

/**
 * Corp tags. Edits go through WeCom's API and then straight into Keeper's tables, because WeCom sends no
 * callback for changes made through the API.
 */
export class TagsService {
  constructor(
    private readonly repository: TagsRepository,
    private readonly book: CustomerBook,
    private readonly scopes: ScopeService,
    private readonly client: WeComClient | undefined,
  ) {}

  /** Re-reads every tag from WeCom (on change_external_tag and in the full sync). */
  async refreshFromWeCom(): Promise<{ groups: number; removed: number }> {
    const { tag_group: groups } = await this.requireClient().listCorpTags({});
    const removed = await this.repository.transaction(async (manager) => {
      const gone = await this.repository.reconcile(manager, groups);
      await this.book.dropTags(manager, gone);
      return gone;
    });
    return { groups: groups.length, removed: removed.length };
  }

  /** Every corp tag (shared by the whole corp), with how many customers carry it within the viewer's scope. */
  async list(viewer: Pick<AuthUser, 'scope'>): Promise<TagGroup[]> {
    const [groups, counts] = await Promise.all([
      this.repository.liveGroups(),
      this.repository.customerCounts(await this.scopes.departmentsFor(viewer)),
    ]);
    return groups.map(({ group, tags }) => ({
      groupId: group.groupId,
      name: group.name,
      order: Number(group.order),
      tags: tags.map((tag) => ({
        id: tag.tagId,
        name: tag.name,
        order: Number(tag.order),
        customerCount: counts.get(tag.tagId) ?? 0,
      })),
    }));
  }

  async create(input: CreateTagsRequest, viewer: AuthUser): Promise<TagGroup[]> {
    requireCorpWide(viewer, 'A corp tag');
    await this.requireClient().addCorpTag({
      ...(input.groupId ? { group_id: input.groupId } : { group_name: input.groupName }),
      tag: input.tags.map((tag) => ({
        name: tag.name,
        ...(tag.order !== undefined ? { order: tag.order } : {}),
      })),
    });
    await this.refreshFromWeCom();
    return this.list(viewer);
  }

  async edit(id: string, input: EditTagRequest, viewer: AuthUser): Promise<TagGroup[]> {
    requireCorpWide(viewer, 'A corp tag');
    if (!(await this.repository.findTag(id))) throw notFound('Tag');
    await this.requireClient().editCorpTag({
      id,
      name: input.name,
      ...(input.order !== undefined ? { order: input.order } : {}),
    });
    await this.refreshFromWeCom();
    return this.list(viewer);
  }

  async remove(selection: { tagIds?: string[]; groupIds?: string[] }, viewer: AuthUser): Promise<TagGroup[]> {
    requireCorpWide(viewer, 'A corp tag');
    await this.requireClient().deleteCorpTag({
      ...(selection.tagIds?.length ? { tag_id: selection.tagIds } : {}),
      ...(selection.groupIds?.length ? { group_id: selection.groupIds } : {}),
    });
    await this.refreshFromWeCom();
    return this.list(viewer);
  }

  private requireClient(): WeComClient {
    if (!this.client) {
      throw new AppError(ErrorCode.NotConfigured, 'WeCom is not configured', {
        hint: 'Set WECOM_CORP_ID and WECOM_CONTACT_SECRET.',
      });
    }
    return this.client;
  }
}
