import { WeComError, type WeComClient } from '@keeper/bot';
import { ErrorCode, type CreateTagsRequest, type EditTagRequest, type TagGroup } from '@keeper/shared';
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import { requireCorpWide } from '../org/scope';
import type { ScopeService } from '../org/scope.service';
import type { TagsRepository } from './tags.repository';

/** "invalid tagid": no tag or tag group with that id. */
const UNKNOWN_TAG = 40068;

/**
 * What tags need of the customer book, which records who carries which tag. Declared here and served by
 * CustomersService (wired in app.ts): customers use tags, tags do not reach into customers.
 */
export interface TaggedCustomers {
  /** Takes tags deleted in WeCom off every customer, in the caller's transaction. */
  dropTags(manager: EntityManager, tagIds: string[]): Promise<void>;
  /** How many customers carry each tag, counting only relations of members within `scope`. */
  countByTag(scope: 'all' | string[]): Promise<Map<string, number>>;
}

/**
 * Corp tags. Edits go through WeCom's API and then straight into Keeper's tables, because WeCom sends no
 * callback for changes made through the API.
 */
export class TagsService {
  constructor(
    private readonly repository: TagsRepository,
    private readonly book: TaggedCustomers,
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
      this.book.countByTag(await this.scopes.departmentsFor(viewer)),
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
    await this.refreshIfStale(
      this.requireClient().editCorpTag({
        id,
        name: input.name,
        ...(input.order !== undefined ? { order: input.order } : {}),
      }),
    );
    await this.refreshFromWeCom();
    return this.list(viewer);
  }

  async remove(selection: { tagIds?: string[]; groupIds?: string[] }, viewer: AuthUser): Promise<TagGroup[]> {
    requireCorpWide(viewer, 'A corp tag');
    await this.refreshIfStale(
      this.requireClient().deleteCorpTag({
        ...(selection.tagIds?.length ? { tag_id: selection.tagIds } : {}),
        ...(selection.groupIds?.length ? { group_id: selection.groupIds } : {}),
      }),
    );
    await this.refreshFromWeCom();
    return this.list(viewer);
  }

  /**
   * WeCom no longer has a tag Keeper still lists (deleted in the admin console, its callback lost): re-read
   * the tags so the list is right again, and let the refusal reach the person who asked.
   */
  private async refreshIfStale(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      if (error instanceof WeComError && error.code === UNKNOWN_TAG) await this.refreshFromWeCom();
      throw error;
    }
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
