import type { FollowStatus, MemberStatus } from '@keeper/shared';
import type { DataSource } from 'typeorm';
import { ArchiveConversationEntity } from '../modules/archive/archive.entity';
import {
  CustomerEntity,
  CustomerFollowEntity,
  CustomerFollowTagEntity,
} from '../modules/customers/customer.entity';
import { CustomerGroupMemberEntity } from '../modules/groups/group.entity';
import { DepartmentEntity, MemberDepartmentEntity, MemberEntity } from '../modules/org/org.entity';

/** A department tree and its members, as the org sync would have stored them. */
export async function writeOrg(
  dataSource: DataSource,
  org: {
    /** [id, parentId] */
    departments: [string, string | null][];
    /** [userId, departmentId, status] */
    members: [string, string, MemberStatus][];
  },
): Promise<void> {
  for (const [id, parentId] of org.departments)
    await dataSource.getRepository(DepartmentEntity).insert({ id, name: `部门${id}`, parentId, order: 0 });
  for (const [userId, departmentId, status] of org.members) {
    await dataSource
      .getRepository(MemberEntity)
      .insert({ userId, name: userId, mainDepartmentId: departmentId, status });
    await dataSource.getRepository(MemberDepartmentEntity).insert({ userId, departmentId, isLeader: false });
  }
}

export interface RelationFixture {
  owner: string;
  addedAt?: Date;
  /** The 联系我 state. */
  state?: string | null;
  tags?: string[];
  status?: FollowStatus;
  /** The last archived one-to-one message between the two. */
  lastChatAt?: Date;
}

/** A customer with its follow relations, their tags, archived chats and the customer groups it is in. */
export async function writeCustomer(
  dataSource: DataSource,
  externalUserId: string,
  customer: { gender?: 0 | 1 | 2; relations: RelationFixture[]; groups?: string[] },
): Promise<void> {
  const active = customer.relations.some((relation) => (relation.status ?? 'active') === 'active');
  await dataSource.getRepository(CustomerEntity).insert({
    externalUserId,
    name: externalUserId,
    type: 1,
    gender: customer.gender ?? 0,
    status: active ? 'active' : 'lost',
    searchText: externalUserId.toLowerCase(),
  });
  for (const relation of customer.relations) {
    const status = relation.status ?? 'active';
    await dataSource.getRepository(CustomerFollowEntity).insert({
      externalUserId,
      userId: relation.owner,
      remarkMobiles: '',
      state: relation.state ?? null,
      addedAt: relation.addedAt ?? new Date('2026-01-01T00:00:00Z'),
      status,
      endedAt: status === 'active' ? null : new Date('2026-06-01T00:00:00Z'),
    });
    for (const tagId of relation.tags ?? [])
      await dataSource
        .getRepository(CustomerFollowTagEntity)
        .insert({ externalUserId, userId: relation.owner, tagId });
    if (relation.lastChatAt) {
      await dataSource.getRepository(ArchiveConversationEntity).insert({
        conversationKey: `single:${relation.owner}:${externalUserId}`,
        kind: 'single',
        memberId: relation.owner,
        customerId: externalUserId,
        roomId: null,
        lastMessageAt: relation.lastChatAt,
        messageCount: 1,
      });
    }
  }
  for (const chatId of customer.groups ?? []) {
    await dataSource
      .getRepository(CustomerGroupMemberEntity)
      .insert({ chatId, memberId: externalUserId, type: 2, joinedAt: new Date() });
  }
}
