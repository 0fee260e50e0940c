import type { GroupChatGetReply } from '@keeper/bot';
import type { CustomerGroupQuery } from '@keeper/shared';
import { In, IsNull, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { escapeLike } from '../../db/sql';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import { CustomerGroupEntity, CustomerGroupEventEntity, CustomerGroupMemberEntity } from './group.entity';

type GroupChat = GroupChatGetReply['group_chat'];

export interface GroupListRow extends CustomerGroupEntity {
  ownerName: string | null;
  memberCount: number;
  customerCount: number;
}

export class GroupsRepository {
  private readonly groups: Repository<CustomerGroupEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.groups = dataSource.getRepository(CustomerGroupEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Makes a group match WeCom's view of it. Joins and leaves since Keeper last saw the group are recorded
   * (with `scene` when a callback told it); the first sight of a group records no history.
   */
  async applySnapshot(
    manager: EntityManager,
    chat: GroupChat,
    at: Date,
    scene: { join?: number; quit?: number } = {},
  ): Promise<{ joined: string[]; left: string[] }> {
    const known = await manager.existsBy(CustomerGroupEntity, { chatId: chat.chat_id });
    await manager.upsert(
      CustomerGroupEntity,
      {
        chatId: chat.chat_id,
        name: chat.name ?? '',
        ownerId: chat.owner,
        notice: chat.notice || null,
        status: 'active',
        createdAt: chat.create_time ? new Date(chat.create_time * 1000) : null,
        dismissedAt: null,
      },
      ['chatId'],
    );
    const current = await manager.find(CustomerGroupMemberEntity, {
      where: { chatId: chat.chat_id, leftAt: IsNull() },
    });
    const currentIds = new Set(current.map((member) => member.memberId));
    const nowIds = new Set(chat.member_list.map((member) => member.userid));
    const joined = chat.member_list.filter((member) => !currentIds.has(member.userid));
    const left = current.filter((member) => !nowIds.has(member.memberId));
    for (const member of joined) {
      await manager.upsert(
        CustomerGroupMemberEntity,
        {
          chatId: chat.chat_id,
          memberId: member.userid,
          type: member.type,
          joinedAt: member.join_time ? new Date(member.join_time * 1000) : at,
          joinScene: member.join_scene ?? null,
          invitor: member.invitor?.userid ?? null,
          leftAt: null,
        },
        ['chatId', 'memberId'],
      );
    }
    for (const member of left) {
      await manager.update(
        CustomerGroupMemberEntity,
        { chatId: chat.chat_id, memberId: member.memberId },
        { leftAt: at },
      );
    }
    if (known) {
      const events = [
        ...joined.map((member) => ({
          chatId: chat.chat_id,
          memberId: member.userid,
          action: 'join' as const,
          scene: scene.join ?? member.join_scene ?? null,
          occurredAt: member.join_time ? new Date(member.join_time * 1000) : at,
        })),
        ...left.map((member) => ({
          chatId: chat.chat_id,
          memberId: member.memberId,
          action: 'leave' as const,
          scene: scene.quit ?? null,
          occurredAt: at,
        })),
      ];
      if (events.length) await manager.insert(CustomerGroupEventEntity, events);
    }
    return { joined: joined.map((member) => member.userid), left: left.map((member) => member.memberId) };
  }

  /** A new owner WeCom confirmed (a group handover); unknown groups are left to the next sync. */
  async setOwner(manager: EntityManager, chatId: string, ownerId: string): Promise<void> {
    await manager.update(CustomerGroupEntity, { chatId }, { ownerId });
  }

  async dismiss(manager: EntityManager, chatId: string, at: Date): Promise<void> {
    await manager.update(CustomerGroupEntity, { chatId }, { status: 'dismissed', dismissedAt: at });
    await manager.update(CustomerGroupMemberEntity, { chatId, leftAt: IsNull() }, { leftAt: at });
  }

  async list(
    query: CustomerGroupQuery,
    scope: 'all' | string[],
  ): Promise<{ items: GroupListRow[]; total: number }> {
    const builder = this.groups.createQueryBuilder('g');
    if (scope !== 'all') builder.andWhere(memberInScopeSql('g.owner_userid'), scopeParams(scope));
    if (query.q) builder.andWhere('g.name LIKE :q', { q: `%${escapeLike(query.q)}%` });
    if (query.ownerId) builder.andWhere('g.owner_userid = :owner', { owner: query.ownerId });
    if (query.status) builder.andWhere('g.status = :status', { status: query.status });
    const total = await builder.getCount();
    const { entities, raw } = await builder
      .leftJoin('members', 'm', 'm.userid = g.owner_userid')
      .addSelect('m.name', 'owner_name')
      .addSelect(
        '(SELECT COUNT(*) FROM customer_group_members x WHERE x.chat_id = g.chat_id AND x.left_at IS NULL)',
        'member_count',
      )
      .addSelect(
        '(SELECT COUNT(*) FROM customer_group_members y WHERE y.chat_id = g.chat_id AND y.left_at IS NULL AND y.type = 2)',
        'customer_count',
      )
      .orderBy('g.created_at', 'DESC')
      .addOrderBy('g.chat_id', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawAndEntities();
    const items = entities.map((entity) => {
      const extra = raw.find((row: Record<string, unknown>) => row.g_chat_id === entity.chatId) as
        Record<string, unknown> | undefined;
      return {
        ...entity,
        ownerName: (extra?.owner_name as string | null) ?? null,
        memberCount: Number(extra?.member_count ?? 0),
        customerCount: Number(extra?.customer_count ?? 0),
      };
    });
    return { items, total };
  }

  async activeChatIdsExcept(chatIds: string[]): Promise<string[]> {
    const active = await this.groups.find({ select: { chatId: true }, where: { status: 'active' } });
    const keep = new Set(chatIds);
    return active.map((group) => group.chatId).filter((chatId) => !keep.has(chatId));
  }

  /** A group the viewer may see: its owner is in their departments. */
  findGroup(chatId: string, scope: 'all' | string[]): Promise<CustomerGroupEntity | null> {
    const builder = this.groups.createQueryBuilder('g').where('g.chat_id = :chatId', { chatId });
    if (scope !== 'all') builder.andWhere(memberInScopeSql('g.owner_userid'), scopeParams(scope));
    return builder.getOne();
  }

  members(chatId: string): Promise<CustomerGroupMemberEntity[]> {
    return this.dataSource
      .getRepository(CustomerGroupMemberEntity)
      .find({ where: { chatId }, order: { joinedAt: 'ASC' } });
  }

  history(chatId: string): Promise<CustomerGroupEventEntity[]> {
    return this.dataSource
      .getRepository(CustomerGroupEventEntity)
      .find({ where: { chatId }, order: { occurredAt: 'DESC', id: 'DESC' }, take: 500 });
  }

  /** Groups a customer is or was in. */
  async groupsOf(memberId: string): Promise<{ membership: CustomerGroupMemberEntity; name: string }[]> {
    const memberships = await this.dataSource.getRepository(CustomerGroupMemberEntity).findBy({ memberId });
    if (memberships.length === 0) return [];
    const groups = await this.groups.findBy({
      chatId: In(memberships.map((membership) => membership.chatId)),
    });
    return memberships.map((membership) => ({
      membership,
      name: groups.find((group) => group.chatId === membership.chatId)?.name ?? '',
    }));
  }
}
