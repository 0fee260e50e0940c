import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { SyncTrigger } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SyncRunEntity } from '../../server/src/jobs/sync-run.entity';
import { AlertEntity } from '../../server/src/modules/alerts/alert.entity';
import {
  CustomerEventEntity,
  CustomerFollowEntity,
} from '../../server/src/modules/customers/customer.entity';
import { InboxEntity } from '../../server/src/modules/inbox/inbox.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  eventually,
  startSyncedKeeperWithSimulator,
  type KeeperWithSimulator,
} from './keeper-with-simulator';

/**
 * The ownership record as WeCom really delivers: callbacks repeated, late, in any order, and a reconciliation
 * sync racing them. Whatever the order, the relations, their timeline causes and the alerts end true.
 */
describe('the ownership record whatever order WeCom delivers in', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  const follow = (externalUserId: string, userId: string) =>
    db.dataSource.getRepository(CustomerFollowEntity).findOneBy({ externalUserId, userId });
  const timeline = async (externalUserId: string, userId: string) =>
    (
      await db.dataSource
        .getRepository(CustomerEventEntity)
        .find({ where: { externalUserId, userId }, order: { occurredAt: 'ASC', id: 'ASC' } })
    ).filter((event) => event.kind !== 'archive_consent');
  const alerts = (externalUserId: string) =>
    db.dataSource.getRepository(AlertEntity).findBy({ externalUserId, kind: 'member_deleted_customer' });
  /** Resolves once Keeper has handled `count` callbacks in all and has none waiting. */
  const handled = (count: number) =>
    eventually(async () => {
      const inbox = db.dataSource.getRepository(InboxEntity);
      return (
        (await inbox.countBy({ status: 'done' })) >= count &&
        (await inbox.countBy({ status: 'pending' })) === 0
      );
    });
  const activeMember = () =>
    world.sim.state.customers
      .allFollows()
      .find((each) => world.sim.state.directory.staff.get(each.userid)?.status === 1)!.userid;
  const run = <T>(name: string, input: Record<string, unknown>) => world.sim.control.run(name, input) as T;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    // A small corp: every follow user's relations fit one page of batch/get_by_user.
    world = await startSyncedKeeperWithSimulator(db, { customers: 60 });
    world.keeper.services.dispatcher.start();
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('keeps a relation ended when its add_external_contact arrives after its del_external_contact', async () => {
    const member = activeMember();
    world.sim.control.holdCallbacks();
    const { external_userid: customer } = run<{ external_userid: string }>('add-contact', { userid: member });
    world.sim.control.advanceClock(5);
    run('member-deletes-customer', { userid: member, external_userid: customer });
    await world.sim.control.releaseCallbacks({ order: 'reversed' });
    await handled(2);

    expect(await follow(customer, member)).toMatchObject({ status: 'deleted_by_member' });
    expect((await timeline(customer, member)).map((event) => event.kind)).toEqual(['deleted_by_member']);
    expect(await alerts(customer)).toHaveLength(1);
  });

  it('does not let a late del_external_contact end a relation added again after it', async () => {
    const member = activeMember();
    world.sim.control.holdCallbacks();
    const { external_userid: customer } = run<{ external_userid: string }>('add-contact', { userid: member });
    world.sim.control.advanceClock(5);
    run('member-deletes-customer', { userid: member, external_userid: customer });
    world.sim.control.advanceClock(5);
    run('add-contact', { userid: member, external_userid: customer });
    const [firstAdd, deletion, secondAdd] = world.sim.control.callbackLog().map((entry) => entry.id);
    await world.sim.control.releaseCallbacks({ ids: [firstAdd!, secondAdd!, deletion!] });
    await handled(3);

    const addedAgainAt = world.sim.state.customers.follow(member, customer)!.createtime;
    expect(await follow(customer, member)).toMatchObject({ status: 'active' });
    // The deletion happened and stays on record, before the add that made the relation what it is now.
    const events = await timeline(customer, member);
    expect(events.map((event) => event.kind)).toEqual(['deleted_by_member', 'added']);
    expect(events[1]!.occurredAt.getTime()).toBe(addedAgainAt * 1000);
    expect(await alerts(customer)).toHaveLength(1);
  });

  it('records each change once when WeCom delivers callbacks twice, again later, and newest first', async () => {
    const member = activeMember();
    world.sim.control.faults.duplicateCallbacks(2);
    world.sim.control.holdCallbacks();
    const { external_userid: customer } = run<{ external_userid: string }>('add-contact', { userid: member });
    world.sim.control.advanceClock(5);
    run('edit-contact', { userid: member, external_userid: customer, remark: '老客户' });
    world.sim.control.advanceClock(5);
    run('member-deletes-customer', { userid: member, external_userid: customer });
    await world.sim.control.releaseCallbacks({ order: 'reversed' });
    for (const entry of world.sim.control.callbackLog()) await world.sim.control.redeliverCallback(entry.id);
    await handled(3);

    expect(world.sim.control.callbackLog().map((entry) => entry.deliveries)).toEqual([2, 2, 2]);
    expect(await db.dataSource.getRepository(InboxEntity).count()).toBe(3);
    expect(await follow(customer, member)).toMatchObject({ status: 'deleted_by_member' });
    expect((await timeline(customer, member)).map((event) => event.kind)).toEqual(['deleted_by_member']);
    expect(await alerts(customer)).toHaveLength(1);
  });

  it('leaves alone what callbacks changed while the sync was fetching', async () => {
    const relations = world.sim.state.customers.allFollows();
    expect(relations.length).toBeLessThan(100); // one page: the whole snapshot predates the callbacks
    const deleted = relations.find(
      (each) => world.sim.state.directory.staff.get(each.userid)?.status === 1 && !each.deletedByCustomer,
    )!;
    const member = deleted.userid;
    // WeCom makes the page when the sync asks, and the page arrives 5 s later showing the corp as it was.
    world.sim.control.faults.delay(5_000, 1, 'externalcontact/batch/get_by_user', true);
    let syncDone = false;
    const sync = world.keeper.services.customerSync.run(SyncTrigger.Manual).finally(() => (syncDone = true));
    await eventually(async () => world.sim.control.faults.snapshot().delays.length === 0);

    run('member-deletes-customer', { userid: member, external_userid: deleted.external_userid });
    const { external_userid: added } = run<{ external_userid: string }>('add-contact', { userid: member });
    await handled(2);
    expect(syncDone).toBe(false); // Keeper recorded both while the sync still waited for its page
    const runId = await sync;

    expect(await follow(deleted.external_userid, member)).toMatchObject({ status: 'deleted_by_member' });
    expect(await follow(added, member)).toMatchObject({ status: 'active' });
    expect((await timeline(deleted.external_userid, member)).map((event) => event.kind)).toEqual([
      'added_by_sync',
      'deleted_by_member',
    ]);
    expect((await timeline(added, member)).map((event) => event.kind)).toEqual(['added']);
    const syncRun = await db.dataSource.getRepository(SyncRunEntity).findOneBy({ id: runId });
    expect(syncRun?.summary).toMatchObject({ added: 0, removed: 0, skipped: 2 });

    // The next sync's snapshot is newer than both callbacks, and agrees with them.
    await world.keeper.services.customerSync.run(SyncTrigger.Manual);
    expect(await follow(deleted.external_userid, member)).toMatchObject({ status: 'deleted_by_member' });
    expect(await follow(added, member)).toMatchObject({ status: 'active' });
  });

  it('lets a late del_external_contact correct the sync’s removed_by_sync, with its alert', async () => {
    const gone = world.sim.state.customers
      .allFollows()
      .find(
        (each) => world.sim.state.directory.staff.get(each.userid)?.status === 1 && !each.deletedByCustomer,
      )!;
    world.sim.control.holdCallbacks();
    run('member-deletes-customer', { userid: gone.userid, external_userid: gone.external_userid });
    await world.keeper.services.customerSync.run(SyncTrigger.Manual);
    expect(await follow(gone.external_userid, gone.userid)).toMatchObject({ status: 'removed_by_sync' });

    await world.sim.control.releaseCallbacks();
    await handled(1);
    expect(await follow(gone.external_userid, gone.userid)).toMatchObject({ status: 'deleted_by_member' });
    const events = await timeline(gone.external_userid, gone.userid);
    // In time order: the member deleted the customer, later the sync found the relation gone.
    expect(events.map((event) => event.kind)).toEqual([
      'added_by_sync',
      'deleted_by_member',
      'removed_by_sync',
    ]);
    expect(events[1]!.detail).toMatchObject({ correctsSyncRemoval: true });
    expect(await alerts(gone.external_userid)).toHaveLength(1);
  });

  it('handles at once a callback whose process died while handling it, before the sync’s guess stands', async () => {
    await world.keeper.services.dispatcher.stop();
    const gone = world.sim.state.customers
      .allFollows()
      .find(
        (each) => world.sim.state.directory.staff.get(each.userid)?.status === 1 && !each.deletedByCustomer,
      )!;
    run('member-deletes-customer', { userid: gone.userid, external_userid: gone.external_userid });
    await world.sim.control.callbacksIdle();
    // The process that had claimed it was killed: its lease would hold the callback back for two minutes.
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    await db.dataSource
      .getRepository(InboxEntity)
      .update(
        { status: 'pending' },
        { lockedBy: `${os.hostname()}:${dead.pid}:deadbeef`, lockedUntil: new Date(Date.now() + 120_000) },
      );
    // The restarted Keeper's start-up sync runs first and can only guess the cause.
    await world.keeper.services.customerSync.run(SyncTrigger.Startup);
    world.keeper.services.dispatcher.start();
    await handled(1);

    expect(await follow(gone.external_userid, gone.userid)).toMatchObject({ status: 'deleted_by_member' });
    expect(await alerts(gone.external_userid)).toHaveLength(1);
  });
});
