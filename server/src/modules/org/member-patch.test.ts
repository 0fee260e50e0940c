import { MemberStatus } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { MemberDepartmentEntity, MemberEntity } from './org.entity';
import { OrgRepository, type MemberPatch, type MemberRecord } from './org.repository';

describe('patching a member with only what a source said', () => {
  let db: TestDatabase;
  let repository: OrgRepository;
  const leftAt = new Date('2026-03-01T08:00:00.000Z');
  const lateEventAt = new Date('2026-02-28T08:00:00.000Z');
  const member = (userId: string) => db.dataSource.getRepository(MemberEntity).findOneBy({ userId });
  const departmentsOf = async (userId: string) =>
    (await db.dataSource.getRepository(MemberDepartmentEntity).findBy({ userId }))
      .map((link) => link.departmentId)
      .sort();
  const patch = (value: MemberPatch, at: Date) =>
    repository.transaction((manager) => repository.patchMember(manager, value, at));

  const zhao: MemberRecord = {
    userId: 'ZhaoMin',
    name: '赵敏',
    mainDepartmentId: '2',
    position: '客户经理',
    mobile: '13800000000',
    email: null,
    avatar: null,
    gender: 'female',
    status: MemberStatus.Active,
    departments: [
      { departmentId: '2', isLeader: false },
      { departmentId: '3', isLeader: false },
    ],
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    repository = new OrgRepository(db.dataSource);
  });
  beforeEach(async () => {
    await db.reset();
    await repository.transaction(async (manager) => {
      await repository.upsertMembers(manager, [zhao]);
      await repository.markDeparted(manager, { ids: [zhao.userId] }, leftAt);
    });
  });
  afterAll(() => db.close());

  it('changes nothing but the departments when that is all a late event carried', async () => {
    expect(
      await patch({ userId: 'ZhaoMin', departments: [{ departmentId: '3', isLeader: true }] }, lateEventAt),
    ).toBeNull();
    expect(await member('ZhaoMin')).toMatchObject({
      name: '赵敏',
      position: '客户经理',
      mobile: '13800000000',
      status: MemberStatus.Departed,
      departedAt: leftAt,
    });
    expect(await departmentsOf('ZhaoMin')).toEqual(['3']);
  });

  it('keeps the first departure time when told again that the member left', async () => {
    expect(await patch({ userId: 'ZhaoMin', status: MemberStatus.Departed }, lateEventAt)).toBeNull();
    expect(await member('ZhaoMin')).toMatchObject({ status: MemberStatus.Departed, departedAt: leftAt });
  });

  it('brings a member back only on a status that says so, clearing the departure', async () => {
    await patch({ userId: 'ZhaoMin', status: MemberStatus.Active, position: '主管' }, lateEventAt);
    expect(await member('ZhaoMin')).toMatchObject({
      status: MemberStatus.Active,
      departedAt: null,
      position: '主管',
      name: '赵敏',
    });
  });

  it('records a member it does not know only when their status is known, and says who departed', async () => {
    expect(
      await patch({ userId: 'Stranger', departments: [{ departmentId: '2', isLeader: false }] }, leftAt),
    ).toBeNull();
    expect(await member('Stranger')).toBeNull();
    const departed = await patch({ userId: 'Leaver', status: MemberStatus.Departed }, leftAt);
    expect(departed).toMatchObject({
      userId: 'Leaver',
      name: 'Leaver',
      status: MemberStatus.Departed,
      departedAt: leftAt,
    });
  });
});
