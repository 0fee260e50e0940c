import { Role, type Channel } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelWelcomeEntity } from '../../server/src/modules/channels/channel.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  eventually,
  startSyncedKeeperWithSimulator,
  type KeeperWithSimulator,
} from './keeper-with-simulator';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UPDATE = 'externalcontact/update_contact_way';

/** Channel QR codes (渠道活码) against the simulated WeCom: who they ring, the welcome first, tags and remark. */
describe('channel QR codes against the simulator', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  let admin: Awaited<ReturnType<KeeperWithSimulator['keeper']['signIn']>>;

  const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string, body: object = {}) =>
    admin.agent[method](path).set('X-CSRF-Token', admin.csrfToken).send(body);
  const create = async (body: object) =>
    (await send('post', '/api/channels', body).expect(201)).body as Channel;
  const wayOf = (channel: Channel) => world.sim.state.contactWays.get(channel.configId!)!;
  const calls = (path: string) => world.sim.control.apiCalls()[path] ?? 0;
  const scan = (channel: Channel, userid: string, name?: string) =>
    world.sim.control.scenarios.addContact({
      userid,
      config_id: channel.configId!,
      ...(name ? { customer: { name } } : {}),
    }).external_userid;
  /** "HH:mm" in Shanghai `hours` from the simulated now. */
  const shanghaiHour = (hours: number) => {
    const at = new Date(world.sim.clock.nowMs() + (8 + hours) * 3_600_000);
    return `${String(at.getUTCHours()).padStart(2, '0')}:00`;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 0 });
    world.keeper.services.dispatcher.start();
    admin = await world.keeper.signIn([Role.Admin]);
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('rings the shift on duty, drops members at their daily cap, then the backups; WeCom is told only of changes', async () => {
    // A shift that starts in an hour (a whole hour ahead, so the default members ring now).
    const channel = await create({
      name: '门店活码',
      state: 'store-1',
      memberIds: ['ChenJing'],
      shifts: [
        {
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          from: shanghaiHour(1),
          to: shanghaiHour(3),
          memberIds: ['HuangQiang'],
        },
      ],
      dailyCap: 2,
      backupMemberIds: ['XuBin'],
    });
    expect(channel.onDuty).toEqual(['ChenJing']);
    expect(wayOf(channel)).toMatchObject({
      type: 2,
      scene: 2,
      state: 'store-1',
      skip_verify: true,
      user: ['ChenJing'],
    });

    world.sim.control.clearApiCalls();
    await world.keeper.services.channelDuty.refreshAll();
    expect(calls(UPDATE)).toBe(0); // nothing changed, nothing told

    world.sim.clock.advance(90 * 60);
    await world.keeper.services.channelDuty.refreshAll();
    expect(wayOf(channel).user).toEqual(['HuangQiang']);
    expect(calls(UPDATE)).toBe(1);

    scan(channel, 'HuangQiang');
    await eventually(async () => {
      const [listed] = (await admin.agent.get('/api/channels').expect(200)).body as Channel[];
      return listed!.figures.addsToday === 1;
    });
    expect(wayOf(channel).user).toEqual(['HuangQiang']);
    scan(channel, 'HuangQiang');
    // At the cap of 2: the shift has nobody left, so the backup rings, right after the add.
    await eventually(async () => wayOf(channel).user[0] === 'XuBin');
    const [listed] = (await admin.agent.get('/api/channels').expect(200)).body as Channel[];
    expect(listed).toMatchObject({
      onDuty: ['XuBin'],
      figures: { adds: 2, addsToday: 2, losses: 0, kept7: null },
    });

    // Disabled: the code stays in WeCom but rings the backups; enabled again, the rules apply.
    await send('patch', `/api/channels/${channel.id}`, { enabled: false }).expect(200);
    expect(wayOf(channel).user).toEqual(['XuBin']);
    await send('delete', `/api/channels/${channel.id}`).expect(204);
    expect(world.sim.state.contactWays.has(channel.configId!)).toBe(false);
    expect((await admin.agent.get('/api/channels').expect(200)).body).toEqual([]);
  });

  it('sends the welcome first, then puts the code’s tags and remark on the customer', async () => {
    const tag = world.sim.state.tags.groups[0]!.tags[0]!;
    const order: string[] = [];
    const client = world.keeper.services.wecom.contact!;
    for (const method of [
      'sendWelcomeMessage',
      'markCustomerTags',
      'remarkCustomer',
      'getCustomer',
    ] as const) {
      const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        order.push(method);
        return original(...args);
      };
    }
    const channel = await create({
      name: '展会',
      state: 'expo-2026',
      memberIds: ['ChenJing'],
      tagIds: [tag.id],
      remarkPrefix: '展会-',
      welcome: { text: '欢迎来到展会！', materialIds: [] },
    });
    await send('post', '/api/channels', { name: '重复', state: 'expo-2026', memberIds: ['ChenJing'] }).expect(
      409,
    );

    const customer = scan(channel, 'ChenJing', '王小明');
    await eventually(
      async () => world.sim.state.customers.follow('ChenJing', customer)?.remark === '展会-王小明',
    );
    expect(world.sim.state.sentWelcomes).toMatchObject([
      { userid: 'ChenJing', external_userid: customer, text: { content: '欢迎来到展会！' } },
    ]);
    expect(world.sim.state.customers.follow('ChenJing', customer)!.tagIds).toContain(tag.id);
    expect(order[0]).toBe('sendWelcomeMessage');
    expect(order.indexOf('markCustomerTags')).toBeGreaterThan(0);

    // Recorded in the book as usual: the console's customer shows the remark and the tag.
    await eventually(async () => {
      const detail = (await admin.agent.get(`/api/customers/${customer}`).expect(200)).body as {
        follows: { remark: string | null; tags: { id: string }[] }[];
      };
      return (
        detail.follows[0]?.remark === '展会-王小明' && detail.follows[0].tags.some((t) => t.id === tag.id)
      );
    });

    // An add through no code, and one where they chatted before (WeCom gives no welcome code): no welcome.
    world.sim.control.scenarios.addContact({ userid: 'ChenJing' });
    world.sim.control.scenarios.addContact({
      userid: 'HuangQiang',
      config_id: channel.configId!,
      alreadyChatted: true,
    });
    world.sim.control.scenarios.addContact({ userid: 'XuBin', config_id: channel.configId! });
    await world.sim.control.callbacksIdle();
    await eventually(
      async () =>
        (await db.dataSource.getRepository(ChannelWelcomeEntity).countBy({ outcome: 'sent' })) === 2,
    );
    await world.keeper.services.dispatcher.drain();
    expect(world.sim.state.sentWelcomes.map((welcome) => welcome.userid)).toEqual(['ChenJing', 'XuBin']);
    expect(await db.dataSource.getRepository(ChannelWelcomeEntity).count()).toBe(2);
  });

  it('welcomes all of a burst of 200 adds within WeCom’s 20 seconds', async () => {
    const channel = await create({
      name: '直播间',
      state: 'live',
      memberIds: ['ChenJing'],
      welcome: { text: '感谢关注直播间', materialIds: [] },
    });
    for (let i = 0; i < 200; i += 1) scan(channel, 'ChenJing');
    await eventually(
      async () =>
        (await db.dataSource.getRepository(ChannelWelcomeEntity).countBy({ outcome: 'sent' })) === 200,
      30_000,
    );
    // The simulator refuses any code older than 20 s: all 200 made it.
    expect(world.sim.state.sentWelcomes).toHaveLength(200);
    expect(await db.dataSource.getRepository(ChannelWelcomeEntity).countBy({ outcome: 'late' })).toBe(0);
  });

  it('downloads the QR image WeCom made, byte for byte', async () => {
    const channel = await create({ name: '海报', state: 'poster', memberIds: ['ChenJing'] });
    const response = await admin.agent
      .get(`/api/channels/${channel.id}/qrcode.png`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('image/png');
    const body = response.body as Buffer;
    expect(body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const fromWeCom = Buffer.from(await (await fetch(wayOf(channel).qr_code!)).arrayBuffer());
    expect(body.equals(fromWeCom)).toBe(true);
  });
});
