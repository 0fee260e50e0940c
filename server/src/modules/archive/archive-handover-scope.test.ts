import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { MemberDepartmentEntity, MemberEntity } from '../org/org.entity';
import { HandoverCaseEntity, HandoverItemEntity } from '../reassign/reassign.entity';
import { ArchiveConversationEntity } from './archive.entity';
import { ArchiveRepository } from './archive.repository';

describe('the chats of a handed-over customer', () => {
  let db: TestDatabase;
  let conversationId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    for (const [userId, department] of [
      ['LiNa', 'east'],
      ['XuBin', 'south'],
    ] as const) {
      await db.dataSource
        .getRepository(MemberEntity)
        .insert({ userId, name: userId, status: userId === 'LiNa' ? 'departed' : 'active' });
      await db.dataSource.getRepository(MemberDepartmentEntity).insert({ userId, departmentId: department });
    }
    const { identifiers } = await db.dataSource.getRepository(ArchiveConversationEntity).insert({
      conversationKey: 'single:LiNa:wmCustomer',
      kind: 'single',
      memberId: 'LiNa',
      customerId: 'wmCustomer',
      roomId: null,
      lastMessageAt: new Date(),
      messageCount: 3,
      violationCount: 0,
    });
    conversationId = String(identifiers[0]!.id);
  });
  afterAll(() => db.close());

  async function handOver(state: 'done' | 'refused' | 'waiting') {
    const handoverCase = await db.dataSource.getRepository(HandoverCaseEntity).save({
      dedupeKey: `resigned:LiNa:${state}`,
      kind: 'resigned',
      status: 'completed',
      handoverUserId: 'LiNa',
      departedAt: new Date(),
      refusalsReported: 0,
    });
    await db.dataSource.getRepository(HandoverItemEntity).insert({
      caseId: handoverCase.id,
      kind: 'customer',
      targetId: 'wmCustomer',
      state,
      takeoverUserId: 'XuBin',
      attempts: 1,
    });
  }

  const visibleTo = (departments: string[]) =>
    new ArchiveRepository(db.dataSource).findConversation(conversationId, departments);

  it('opens them to readers of the receiver’s departments once the transfer is done', async () => {
    expect(await visibleTo(['south'])).toBeNull();
    await handOver('waiting');
    expect(await visibleTo(['south'])).toBeNull();
    await handOver('refused');
    expect(await visibleTo(['south'])).toBeNull();
    await handOver('done');
    expect((await visibleTo(['south']))?.memberId).toBe('LiNa');
    // Nobody else gains anything: a third department still sees nothing.
    expect(await visibleTo(['north'])).toBeNull();
  });
});
