import { Role, SyncTrigger } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboxEntity } from '../../server/src/modules/inbox/inbox.entity';
import { MemberEntity } from '../../server/src/modules/org/org.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { eventually, startKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';

describe('organisation from the simulator, by sync and by callback', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  const members = () => db.dataSource.getRepository(MemberEntity);
  const member = (userId: string) => members().findOneBy({ userId });

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db);
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('syncs every department and member of the demo corp', async () => {
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    const simStaff = world.sim.state.directory.staff;
    expect(await members().count()).toBe(simStaff.size);
    const admin = await world.keeper.signIn([Role.Admin]);
    const overview = await admin.agent.get('/api/org/overview').expect(200);
    expect(overview.body.departments).toHaveLength(world.sim.state.directory.departments.size);
    expect(overview.body.lastSync).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      summary: { members: simStaff.size },
    });
  });

  it('marks a member who leaves departed, keeps the row, and the next sync agrees', async () => {
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    world.keeper.services.dispatcher.start();
    const leaver = [...world.sim.state.directory.staff.values()].find((staff) => staff.status === 1)!;
    world.sim.control.run('member-leaves', { userid: leaver.userid });
    const departed = await eventually(async () => {
      const row = await member(leaver.userid);
      return row?.status === 'departed' ? row : undefined;
    });
    expect(departed.departedAt).toBeInstanceOf(Date);
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    expect(await member(leaver.userid)).toMatchObject({
      status: 'departed',
      departedAt: departed.departedAt,
    });
  });

  it('repairs a lost callback on the next sync', async () => {
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    world.sim.control.run('member-joins', {
      userid: 'newhire01',
      name: '新同事',
      department: [2],
      dropCallback: true,
    });
    await world.sim.control.callbacksIdle();
    expect(await member('newhire01')).toBeNull();
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    expect(await member('newhire01')).toMatchObject({ name: '新同事', status: 'active' });
  });

  it('fills a minimal create_user callback from the API', async () => {
    world.keeper.services.dispatcher.start();
    world.sim.control.run('member-joins', {
      userid: 'newhire02',
      name: '王小明',
      department: [3],
      position: '客户经理',
    });
    const row = await eventually(() => member('newhire02').then((found) => found ?? undefined));
    expect(row).toMatchObject({ name: '王小明', position: '客户经理', mainDepartmentId: '3' });
  });

  describe('a late update_user about a member who has left since', () => {
    /** The admin edits a member, the member leaves, and WeCom delivers the edit after the departure. */
    async function editThenLeaveThenLateEdit() {
      await world.keeper.services.orgSync.run(SyncTrigger.Manual);
      world.keeper.services.dispatcher.start();
      const leaver = [...world.sim.state.directory.staff.values()].find(
        (staff) => staff.status === 1 && staff.name !== staff.userid,
      )!;
      const before = (await member(leaver.userid))!;
      world.sim.control.faults.holdCallbacks(1);
      const edit = world.sim.control.scenarios.memberUpdates({
        userid: leaver.userid,
        position: '离职前调岗',
      });
      expect(edit.callbackStatus).toBe('held');
      world.sim.control.run('member-leaves', { userid: leaver.userid });
      const departed = await eventually(async () => {
        const row = await member(leaver.userid);
        return row?.status === 'departed' ? row : undefined;
      });
      await world.sim.control.releaseCallbacks({ ids: [edit.callbackId] });
      const inbox = db.dataSource.getRepository(InboxEntity);
      await eventually(async () => (await inbox.countBy({ status: 'done' })) === 2);
      return { leaver, before, departed, after: (await member(leaver.userid))! };
    }

    it('keeps the departure, its time and the name when the event carries only UserID and Department', async () => {
      const { before, departed, after } = await editThenLeaveThenLateEdit();
      expect(after).toMatchObject({
        status: 'departed',
        departedAt: departed.departedAt,
        name: before.name,
        mainDepartmentId: before.mainDepartmentId,
        position: before.position,
      });
    });

    it('keeps the departure when the event still says active (a full-detail callback URL)', async () => {
      world.sim.config.callbacks.contactEventDetail = 'full';
      const { before, departed, after } = await editThenLeaveThenLateEdit();
      expect(after).toMatchObject({ status: 'departed', departedAt: departed.departedAt, name: before.name });
      // The fields the event did carry still count.
      expect(after.position).toBe('离职前调岗');
    });
  });

  it('has one effect for one callback delivered three times', async () => {
    let slowAnswers = 2;
    // Keeper stores the callback but answers after WeCom's timeout twice, so WeCom delivers it three times.
    world.intercept.beforeAnswer = async () => {
      if (slowAnswers-- > 0) await new Promise((resolve) => setTimeout(resolve, 1_200));
    };
    const transitions: string[] = [];
    world.keeper.services.domainEvents.on('org.member_departed', (event) => transitions.push(event.userId));
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    world.keeper.services.dispatcher.start();
    const leaver = [...world.sim.state.directory.staff.values()].find((staff) => staff.status === 1)!;
    world.sim.control.run('member-leaves', { userid: leaver.userid });
    await world.sim.control.callbacksIdle();
    const delivery = world.sim.control.callbackLog().at(-1)!;
    expect(delivery.attempts).toHaveLength(3);
    await eventually(async () => (await member(leaver.userid))?.status === 'departed');
    expect(await db.dataSource.getRepository(InboxEntity).count()).toBe(1);
    expect(transitions).toEqual([leaver.userid]);
  });
});
