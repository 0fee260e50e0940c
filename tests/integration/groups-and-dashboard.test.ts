import { Role, type CustomerGroupDetail, type Dashboard } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  eventually,
  startSyncedKeeperWithSimulator,
  type KeeperWithSimulator,
} from './keeper-with-simulator';

describe('customer groups and the dashboard against the simulator', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 150 });
    world.keeper.services.dispatcher.start();
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('keeps who joined and left a customer group, with how', async () => {
    const follows = world.sim.state.customers.allFollows();
    const owner = [...world.sim.state.directory.staff.values()].find(
      (staff) => staff.status === 1 && follows.filter((follow) => follow.userid === staff.userid).length >= 2,
    )!.userid;
    const [first, second] = follows.filter((follow) => follow.userid === owner);
    const admin = await world.keeper.signIn([Role.Admin]);
    const historyOf = (chatId: string, length: number) =>
      eventually(async () => {
        const response = await admin.agent.get(`/api/customer-groups/${chatId}`);
        const body = response.body as CustomerGroupDetail;
        return response.status === 200 && body.history.length === length ? body : undefined;
      });
    // Changes a few seconds apart, as people make them: each callback is handled before the next change.
    const created = world.sim.control.run('group-create', {
      owner,
      name: '春季新品交流群',
      members: [first!.external_userid],
    }) as { chat_id: string };
    await historyOf(created.chat_id, 0);
    world.sim.control.run('group-update', {
      chat_id: created.chat_id,
      detail: 'add_member',
      members: [second!.external_userid],
      join_scene: 3,
    });
    await historyOf(created.chat_id, 1);
    world.sim.control.run('group-update', {
      chat_id: created.chat_id,
      detail: 'del_member',
      members: [first!.external_userid],
      quit_scene: 1,
    });
    const detail = await historyOf(created.chat_id, 2);
    expect(detail).toMatchObject({ name: '春季新品交流群', ownerId: owner, status: 'active' });
    expect(detail.history.map((event) => [event.memberId, event.action, event.scene])).toEqual([
      [first!.external_userid, 'leave', 1],
      [second!.external_userid, 'join', 3],
    ]);
    expect(detail.members.find((member) => member.memberId === first!.external_userid)?.leftAt).toEqual(
      expect.any(String),
    );
  });

  it('shows on the dashboard exactly what the database holds', async () => {
    const relation = world.sim.state.customers.allFollows()[0]!;
    world.sim.control.run('member-deletes-customer', {
      userid: relation.userid,
      external_userid: relation.external_userid,
    });
    await eventually(async () => {
      const [row] = (await db.dataSource.query(
        "SELECT COUNT(*) AS n FROM customer_events WHERE kind = 'deleted_by_member'",
      )) as { n: number }[];
      return Number(row!.n) === 1;
    });
    const admin = await world.keeper.signIn([Role.Admin]);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() + 8 * 3_600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
    const dashboard = (await admin.agent.get('/api/dashboard').query({ from, to: today }).expect(200))
      .body as Dashboard;

    const count = async (sql: string, params: unknown[] = []) =>
      Number(((await db.dataSource.query(sql, params)) as { n: number }[])[0]?.n);
    const customers = await count('SELECT COUNT(*) AS n FROM customers');
    const followsInYear = await count('SELECT COUNT(*) AS n FROM customer_follows WHERE added_at >= ?', [
      new Date(Date.parse(`${from}T00:00:00+08:00`)),
    ]);
    expect(dashboard.totals.customers).toBe(customers);
    expect(dashboard.totals.openAlerts).toBe(1);
    expect(dashboard.daily).toHaveLength(366);
    expect(dashboard.daily.reduce((sum, day) => sum + day.added, 0)).toBe(followsInYear);
    expect(dashboard.daily.find((day) => day.day === today)?.lost).toBe(1);
    expect(dashboard.byMember.find((member) => member.userId === relation.userid)?.lost).toBe(1);
    expect(dashboard.byChannel.reduce((sum, channel) => sum + channel.added, 0)).toBe(followsInYear);
  });
});
