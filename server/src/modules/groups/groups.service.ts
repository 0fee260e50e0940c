import type { WeComClient } from '@keeper/bot';
import type { CustomerGroup, CustomerGroupDetail, CustomerGroupQuery, Page } from '@keeper/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import { MemberDirectory } from '../org/member-directory.service';
import type { ScopeService } from '../org/scope.service';
import type { GroupsRepository } from './groups.repository';

/** Customers' display names: served by the customers module (wired in app.ts), which uses groups. */
export interface CustomerNames {
  namesOf(externalUserIds: string[]): Promise<Map<string, string>>;
}

/** Customer groups (客户群): kept in step with WeCom, shown within the viewer's scope. */
export class GroupsService {
  constructor(
    private readonly repository: GroupsRepository,
    private readonly scopes: ScopeService,
    private readonly dataSource: DataSource,
    private readonly client: WeComClient | undefined,
    private readonly customers: CustomerNames,
  ) {}

  /** Fetches one group from WeCom and applies it (a callback said it changed, or the sync found it). */
  async refresh(chatId: string, at: Date, scene: { join?: number; quit?: number } = {}): Promise<void> {
    if (!this.client) return;
    const { group_chat: chat } = await this.client.getGroupChat({ chat_id: chatId, need_name: 1 });
    await this.repository.transaction((manager) => this.repository.applySnapshot(manager, chat, at, scene));
  }

  /** Records a group's new owner after WeCom moved it (a handover), inside the caller's transaction. */
  recordOwner(manager: EntityManager, chatId: string, ownerId: string): Promise<void> {
    return this.repository.setOwner(manager, chatId, ownerId);
  }

  async dismiss(chatId: string, at: Date): Promise<void> {
    await this.repository.transaction((manager) => this.repository.dismiss(manager, chatId, at));
  }

  /** Groups Keeper holds as active that are not among `chatIds` (WeCom's full list, in the sync). */
  activeChatIdsExcept(chatIds: string[]): Promise<string[]> {
    return this.repository.activeChatIdsExcept(chatIds);
  }

  /** The groups a customer or member is in, with their names. */
  groupsOf(memberId: string) {
    return this.repository.groupsOf(memberId);
  }

  async list(query: CustomerGroupQuery, viewer: AuthUser): Promise<Page<CustomerGroup>> {
    const { items, total } = await this.repository.list(query, await this.scopes.departmentsFor(viewer));
    return {
      items: items.map((group) => ({
        chatId: group.chatId,
        name: group.name,
        ownerId: group.ownerId,
        ownerName: group.ownerName ?? group.ownerId,
        memberCount: group.memberCount,
        customerCount: group.customerCount,
        status: group.status,
        createdAt: group.createdAt?.toISOString() ?? null,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async detail(chatId: string, viewer: AuthUser): Promise<CustomerGroupDetail> {
    const group = await this.repository.findGroup(chatId, await this.scopes.departmentsFor(viewer));
    // Out of scope looks exactly like absent.
    if (!group) throw notFound('Group');
    const [members, history] = await Promise.all([
      this.repository.members(chatId),
      this.repository.history(chatId),
    ]);
    const names = await this.names([
      ...members.map((m) => m.memberId),
      ...history.map((h) => h.memberId),
      group.ownerId,
    ]);
    return {
      chatId: group.chatId,
      name: group.name,
      ownerId: group.ownerId,
      ownerName: names.get(group.ownerId) ?? group.ownerId,
      memberCount: members.filter((member) => !member.leftAt).length,
      customerCount: members.filter((member) => !member.leftAt && member.type === 2).length,
      status: group.status,
      createdAt: group.createdAt?.toISOString() ?? null,
      notice: group.notice,
      members: members.map((member) => ({
        memberId: member.memberId,
        name: names.get(member.memberId) ?? member.memberId,
        type: member.type,
        joinedAt: member.joinedAt?.toISOString() ?? null,
        joinScene: member.joinScene,
        leftAt: member.leftAt?.toISOString() ?? null,
      })),
      history: history.map((event) => ({
        memberId: event.memberId,
        name: names.get(event.memberId) ?? event.memberId,
        action: event.action,
        scene: event.scene,
        occurredAt: event.occurredAt.toISOString(),
      })),
    };
  }

  /** Display names for a mix of member userids and customer external_userids. */
  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const [members, customers] = await Promise.all([
      new MemberDirectory(this.dataSource).namesOf(unique),
      this.customers.namesOf(unique),
    ]);
    return new Map([...members, ...customers]);
  }
}
