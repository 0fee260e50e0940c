import {
  Role,
  SocketEvent,
  type CustomerDetail,
  type CustomerSummary,
  type Page,
  type TagGroup,
} from '@keeper/shared';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  eventually,
  startSyncedKeeperWithSimulator,
  type KeeperWithSimulator,
} from './keeper-with-simulator';
import { membersUnder, sharedCustomerAcrossDepartments } from './scope-fixtures';

/** Live events, counts and names a scoped reader gets stay within their departments. */
describe('live events and counts stay in scope', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 200 });
    world.keeper.services.dispatcher.start();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await world.close();
  });
  afterAll(() => db.close());

  /** A real socket.io client signed in as the account, collecting the customer ids it is told about. */
  async function listen(account: {
    agent: { get(path: string): PromiseLike<{ request: { cookies: string } }> };
  }) {
    const cookie = (await account.agent.get('/api/auth/me')).request.cookies;
    const socket = connect(world.keeperUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie },
    });
    sockets.push(socket);
    const changed: string[] = [];
    socket.on(SocketEvent.CustomerChanged, (change: { externalUserId: string }) =>
      changed.push(change.externalUserId),
    );
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    return changed;
  }

  it('sends customer:changed only to sockets whose scope covers one of the customer’s members', async () => {
    const { inside, outside, department, otherDepartment } = sharedCustomerAcrossDepartments(world.sim);
    const admin = await listen(await world.keeper.signIn([Role.Admin]));
    const ours = await listen(await world.keeper.signIn([Role.Manager], { departmentIds: [department] }));
    const theirs = await listen(
      await world.keeper.signIn([Role.Manager], { departmentIds: [otherDepartment] }),
    );
    // Staff read customers but, without a department, see none: they hear of none either.
    const staff = await listen(await world.keeper.signIn([Role.Staff]));

    const elsewhere = world.sim.control.run('add-contact', {
      userid: outside,
      customer: { name: '外部门客户' },
    }) as {
      external_userid: string;
    };
    await eventually(
      async () => admin.includes(elsewhere.external_userid) && theirs.includes(elsewhere.external_userid),
    );
    // Events reach a socket in the order they were sent: once this later one arrives, the earlier one would have.
    const here = world.sim.control.run('add-contact', {
      userid: inside,
      customer: { name: '本部门客户' },
    }) as {
      external_userid: string;
    };
    await eventually(async () => ours.includes(here.external_userid) && admin.includes(here.external_userid));

    expect(ours).toEqual([here.external_userid]);
    expect(staff).toEqual([]);
  });

  it('counts tagged customers within the viewer’s scope', async () => {
    const { department } = sharedCustomerAcrossDepartments(world.sim);
    const inScope = membersUnder(world.sim, Number(department));
    const manager = await world.keeper.signIn([Role.Manager], { departmentIds: [department] });
    const admin = await world.keeper.signIn([Role.Admin]);
    const counts = async (account: typeof admin) =>
      new Map(
        ((await account.agent.get('/api/tags').expect(200)).body as TagGroup[]).flatMap((group) =>
          group.tags.map((tag) => [tag.id, tag.customerCount] as const),
        ),
      );
    // The tags on relations as Keeper recorded them; the scope's members from the simulator's own tree.
    const links = (await db.dataSource.query(
      'SELECT tag_id AS tagId, external_userid AS customer, userid AS member FROM customer_follow_tags',
    )) as { tagId: string; customer: string; member: string }[];
    const expected = (tagId: string, members?: Set<string>) =>
      new Set(
        links
          .filter((link) => link.tagId === tagId && (!members || members.has(link.member)))
          .map((link) => link.customer),
      ).size;
    const [ours, everyone] = [await counts(manager), await counts(admin)];
    const tagIds = world.sim.state.tags.allTagIds();
    for (const tagId of tagIds) {
      expect(ours.get(tagId), tagId).toBe(expected(tagId, inScope));
      expect(everyone.get(tagId), tagId).toBe(expected(tagId));
    }
    expect(tagIds.some((tagId) => ours.get(tagId)! < everyone.get(tagId)!)).toBe(true);
  });

  it('shows co-owners outside the scope without their name, in the list and the detail', async () => {
    const { customer, inside, outside, department } = sharedCustomerAcrossDepartments(world.sim);
    const outsider = world.sim.state.directory.staff.get(outside)!;
    const manager = await world.keeper.signIn([Role.Manager], { departmentIds: [department] });
    const list = (
      await manager.agent.get('/api/customers').query({ ownerId: inside, pageSize: 200 }).expect(200)
    ).body as Page<CustomerSummary>;
    const row = list.items.find((item) => item.externalUserId === customer)!;
    expect(row.owners).toContainEqual({ userId: null, name: null, remark: null });
    expect(row.owners.find((owner) => owner.userId === inside)?.name).toBe(
      world.sim.state.directory.staff.get(inside)!.name,
    );
    const detail = await manager.agent.get(`/api/customers/${customer}`).expect(200);
    const follows = (detail.body as CustomerDetail).follows;
    expect(follows.find((follow) => follow.userId === null)).toMatchObject({
      memberName: null,
      remark: null,
      tags: [],
    });
    expect(follows.some((follow) => follow.userId === inside)).toBe(true);
    // The outsider's timeline entries stay, marked as another department's, without who or what.
    const timeline = (detail.body as CustomerDetail).timeline;
    const theirs = timeline.filter((event) => event.otherDepartment);
    expect(theirs.length).toBeGreaterThan(0);
    for (const event of theirs) expect(event).toMatchObject({ userId: null, memberName: null, detail: null });
    expect(timeline.filter((event) => event.userId === inside).length).toBeGreaterThan(0);
    expect(timeline.every((event) => !(event.otherDepartment && event.userId))).toBe(true);
    expect(timeline.filter((event) => event.userId === inside).every((event) => !event.otherDepartment)).toBe(
      true,
    );
    for (const body of [JSON.stringify(row), detail.text]) {
      expect(body).not.toContain(outside);
      expect(body).not.toContain(outsider.name);
    }

    const admin = await world.keeper.signIn([Role.Admin]);
    const full = (await admin.agent.get(`/api/customers/${customer}`).expect(200)).body as CustomerDetail;
    expect(full.follows.find((follow) => follow.userId === outside)?.memberName).toBe(outsider.name);
    const outsiderEntries = full.timeline.filter((event) => event.userId === outside);
    expect(outsiderEntries.length).toBe(theirs.length);
    expect(
      outsiderEntries.every((event) => !event.otherDepartment && event.memberName === outsider.name),
    ).toBe(true);
  });
});
