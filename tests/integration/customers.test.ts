import { Role, SocketEvent, SyncTrigger, type Alert, type CustomerDetail } from '@keeper/shared';
import ExcelJS from 'exceljs';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlertEntity } from '../../server/src/modules/alerts/alert.entity';
import {
  CustomerEntity,
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

describe('the customer book against the simulator', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  const follow = (externalUserId: string, userId: string) =>
    db.dataSource.getRepository(CustomerFollowEntity).findOneBy({ externalUserId, userId });
  const someFollow = () =>
    world.sim.state.customers
      .allFollows()
      .find((each) => each.userid && world.sim.state.directory.staff.get(each.userid)?.status === 1)!;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 200 });
    world.keeper.services.dispatcher.start();
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('syncs every relation of every follow user, with tags', async () => {
    const followUsers = new Set(await world.keeper.services.wecom.contact!.listFollowUsers());
    // A customer who deleted the member leaves a one-way relation that WeCom still lists; Keeper keeps it ended.
    const simFollows = world.sim.state.customers
      .allFollows()
      .filter((each) => followUsers.has(each.userid) && !each.deletedByCustomer);
    expect(await db.dataSource.getRepository(CustomerFollowEntity).countBy({ status: 'active' })).toBe(
      simFollows.length,
    );
    const tagged = simFollows.find((each) => each.tagIds.length > 0)!;
    const admin = await world.keeper.signIn([Role.Admin]);
    const detail = (await admin.agent.get(`/api/customers/${tagged.external_userid}`).expect(200))
      .body as CustomerDetail;
    const relation = detail.follows.find((each) => each.userId === tagged.userid)!;
    expect(relation.tags.map((tag) => tag.id).sort()).toEqual([...tagged.tagIds].sort());
    expect(
      detail.timeline.find((event) => event.userId === tagged.userid && event.kind !== 'archive_consent'),
    ).toMatchObject({
      kind: 'added_by_sync',
    });
  });

  it('records a customer added in WeCom within seconds, with the channel state', async () => {
    const member = someFollow().userid;
    const added = world.sim.control.run('add-contact', {
      userid: member,
      state: 'spring-fair',
      customer: { name: '林晓' },
    }) as { external_userid: string };
    const row = await eventually(() =>
      follow(added.external_userid, member).then((found) => found ?? undefined),
    );
    expect(row).toMatchObject({ status: 'active', state: 'spring-fair' });
    const customer = await db.dataSource
      .getRepository(CustomerEntity)
      .findOneBy({ externalUserId: added.external_userid });
    expect(customer).toMatchObject({ name: '林晓', status: 'active' });
  });

  it('raises a live alert to a manager in scope when a member deletes a customer', async () => {
    const relation = someFollow();
    const departments = world.sim.state.directory.staff.get(relation.userid)!.department.map(String);
    const manager = await world.keeper.signIn([Role.Manager], { departmentIds: departments });
    const cookie = (await manager.agent.get('/api/auth/me')).request.cookies;
    const socket = connect(world.keeperUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie },
    });
    const received = new Promise<Alert>((resolve) => socket.on(SocketEvent.AlertCreated, resolve));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    try {
      world.sim.control.run('member-deletes-customer', {
        userid: relation.userid,
        external_userid: relation.external_userid,
      });
      const alert = await received;
      expect(alert).toMatchObject({
        kind: 'member_deleted_customer',
        severity: 'high',
        status: 'open',
        userId: relation.userid,
      });
      expect(await follow(relation.external_userid, relation.userid)).toMatchObject({
        status: 'deleted_by_member',
      });
      const counts = await manager.agent.get('/api/alerts/counts').expect(200);
      expect(counts.body.open).toBe(1);
    } finally {
      socket.close();
    }
  });

  it('records a customer deleting a member, once however often the callback comes', async () => {
    const relation = someFollow();
    world.sim.control.run('customer-deletes-member', {
      userid: relation.userid,
      external_userid: relation.external_userid,
    });
    await eventually(
      async () => (await follow(relation.external_userid, relation.userid))?.status === 'deleted_by_customer',
    );
    const recorded = async () => ({
      follow: await follow(relation.external_userid, relation.userid),
      timeline: await db.dataSource
        .getRepository(CustomerEventEntity)
        .findBy({ externalUserId: relation.external_userid, userId: relation.userid }),
      alerts: await db.dataSource.getRepository(AlertEntity).findBy({ kind: 'customer_deleted_member' }),
      inbox: await db.dataSource.getRepository(InboxEntity).find(),
    });
    const before = await recorded();
    expect(before.alerts).toHaveLength(1);

    // WeCom delivers the same callback again (it missed Keeper's answer): a fresh signature and ciphertext.
    const [entry] = world.sim.control.callbackLog().slice(-1);
    const again = await world.sim.control.redeliverCallback(entry!.id);
    expect(again).toMatchObject({ status: 'delivered', deliveries: 2 });
    await world.keeper.services.dispatcher.drain();
    expect(await recorded()).toEqual(before);
  });

  it('repairs drift on the next sync: a dropped add, a dropped delete, a tag renamed in the admin console', async () => {
    const member = someFollow().userid;
    const added = world.sim.control.run('add-contact', { userid: member, dropCallback: true }) as {
      external_userid: string;
    };
    const gone = world.sim.state.customers
      .allFollows()
      .find((each) => each.userid === member && each.external_userid !== added.external_userid)!;
    world.sim.control.run('member-deletes-customer', {
      userid: member,
      external_userid: gone.external_userid,
      dropCallback: true,
    });
    const tag = world.sim.state.tags.groups[0]!.tags[0]!;
    world.sim.control.run('tag', {
      action: 'update',
      tag_id: tag.id,
      name: '已改名标签',
      dropCallback: true,
    });
    await world.sim.control.callbacksIdle();
    expect(await follow(added.external_userid, member)).toBeNull();

    await world.keeper.services.customerSync.run(SyncTrigger.Manual);
    expect(await follow(added.external_userid, member)).toMatchObject({ status: 'active' });
    expect(await follow(gone.external_userid, member)).toMatchObject({ status: 'removed_by_sync' });
    const admin = await world.keeper.signIn([Role.Admin]);
    const tags = await admin.agent.get('/api/tags').expect(200);
    const names = (tags.body as { tags: { id: string; name: string }[] }[]).flatMap((group) => group.tags);
    expect(names.find((each) => each.id === tag.id)?.name).toBe('已改名标签');
  });

  it('writes tags through WeCom and records them at once, since WeCom sends no callback', async () => {
    const relation = someFollow();
    const tag = world.sim.state.tags.groups
      .flatMap((group) => group.tags)
      .find((each) => !relation.tagIds.includes(each.id))!;
    const admin = await world.keeper.signIn([Role.Admin]);
    const detail = await admin.agent
      .post(`/api/customers/${relation.external_userid}/tags`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ userId: relation.userid, add: [tag.id] })
      .expect(200);
    const mine = (detail.body as CustomerDetail).follows.find((each) => each.userId === relation.userid)!;
    expect(mine.tags.map((each) => each.id)).toContain(tag.id);
    expect((detail.body as CustomerDetail).timeline[0]).toMatchObject({
      kind: 'edited',
      userId: relation.userid,
    });
    expect(world.sim.state.customers.follow(relation.userid, relation.external_userid)!.tagIds).toContain(
      tag.id,
    );
  });

  it('never gives a manager customers outside their departments', async () => {
    const staff = [...world.sim.state.directory.staff.values()];
    // A leaf department, so that plenty of customers fall outside it.
    const parents = new Set([...world.sim.state.directory.departments.values()].map((each) => each.parentid));
    const department = String(
      staff.find((each) => each.status === 1 && !parents.has(each.department[0]!))!.department[0],
    );
    const manager = await world.keeper.signIn([Role.Manager], { departmentIds: [department] });
    const inScope = new Set(await membersUnder(department));
    const page = await manager.agent.get('/api/customers').query({ pageSize: 200 }).expect(200);
    expect(page.body.total).toBeGreaterThan(0);
    // The total (counted from the relations) is exactly the number of customers any in-scope member follows or followed.
    const [expected] = (await db.dataSource.query(
      `SELECT COUNT(*) AS n FROM customers c WHERE EXISTS (SELECT 1 FROM customer_follows f WHERE f.external_userid = c.external_userid AND f.userid IN (${[...inScope].map(() => '?').join(',')}))`,
      [...inScope],
    )) as { n: string | number }[];
    expect(page.body.total).toBe(Number(expected!.n));
    for (const customer of page.body.items as { externalUserId: string }[]) {
      const owners = await db.dataSource
        .getRepository(CustomerFollowEntity)
        .findBy({ externalUserId: customer.externalUserId });
      expect(owners.some((owner) => inScope.has(owner.userId))).toBe(true);
    }
    const outside = world.sim.state.customers
      .allFollows()
      .find(
        (each) =>
          !inScope.has(each.userid) &&
          world.sim.state.customers
            .followsOfCustomer(each.external_userid)
            .every((f) => !inScope.has(f.userid)),
      )!;
    await manager.agent.get(`/api/customers/${outside.external_userid}`).expect(404);
    const admin = await world.keeper.signIn([Role.Admin]);
    const all = await admin.agent.get('/api/customers').query({ pageSize: 1 }).expect(200);
    expect(all.body.total).toBeGreaterThan(page.body.total);
  });

  it('exports the filtered list to Excel and records who exported it', async () => {
    const admin = await world.keeper.signIn([Role.Admin], { username: 'exporter' });
    const response = await admin.agent
      .get('/api/customers/export')
      .query({ status: 'active' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    const bytes = response.body as Buffer;
    // exceljs declares its input as an ArrayBuffer; hand it exactly the bytes received.
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    const active = await db.dataSource.getRepository(CustomerEntity).countBy({ status: 'active' });
    expect(sheet.rowCount).toBe(active + 1);
    const audit = await admin.agent.get('/api/access-audit').query({ action: 'customer.export' }).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      username: 'exporter',
      action: 'customer.export',
      detail: { status: 'active' },
    });
  });

  /** Members of the department and of every department below it, computed from the simulator's own tree. */
  async function membersUnder(departmentId: string): Promise<string[]> {
    const departments = [...world.sim.state.directory.departments.values()];
    const covered = new Set([departmentId]);
    for (let grew = true; grew;) {
      grew = false;
      for (const department of departments) {
        if (covered.has(String(department.parentid)) && !covered.has(String(department.id))) {
          covered.add(String(department.id));
          grew = true;
        }
      }
    }
    return [...world.sim.state.directory.staff.values()]
      .filter((staff) => staff.department.some((id) => covered.has(String(id))))
      .map((staff) => staff.userid);
  }
});
