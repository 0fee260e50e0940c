import {
  Role,
  SyncTrigger,
  type Campaign,
  type CampaignFunnel,
  type CampaignPreview,
  type Page,
  type ReachedCampaign,
  type Recipient,
} from '@keeper/shared';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TaskEntity } from '../../server/src/modules/broadcasts/broadcast.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { eventually, startKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';

const ADD = 'externalcontact/add_msg_template';
const REMIND = 'externalcontact/remind_groupmsg_send';
const CANCEL = 'externalcontact/cancel_groupmsg_send';

/** Mass reachout end to end: Keeper's console API against the simulated WeCom, on this worker's database. */
describe('mass reachout against the simulator', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  let admin: Awaited<ReturnType<KeeperWithSimulator['keeper']['signIn']>>;

  const engine = () => world.keeper.services.broadcastEngine;
  const calls = (path: string) => world.sim.control.apiCalls()[path] ?? 0;
  const post = (path: string, body: unknown = {}) =>
    admin.agent
      .post(path)
      .set('X-CSRF-Token', admin.csrfToken)
      .send(body as object);

  /** New customers of `userid`, without their add callbacks (Keeper learns them from the sync). */
  const give = (userid: string, n: number) => {
    world.sim.control.faults.dropCallbacks(n);
    return Array.from(
      { length: n },
      () => world.sim.control.scenarios.addContact({ userid }).external_userid,
    );
  };
  /** `userid` adds customers another member already has, a minute later. */
  const share = (userid: string, externalUserIds: string[]) => {
    world.sim.clock.advance(60);
    world.sim.control.faults.dropCallbacks(externalUserIds.length);
    for (const external_userid of externalUserIds)
      world.sim.control.scenarios.addContact({ userid, external_userid });
  };
  const sync = async () => {
    await world.sim.control.callbacksIdle();
    world.sim.control.faults.clear();
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    await world.keeper.services.customerSync.run(SyncTrigger.Manual);
  };

  const campaignOf = async (id: string) =>
    (await admin.agent.get(`/api/broadcasts/${id}`).expect(200)).body as Campaign;
  const funnelOf = async (id: string) =>
    (await admin.agent.get(`/api/broadcasts/${id}/funnel`).expect(200)).body as CampaignFunnel;

  async function launch(body: Record<string, unknown>): Promise<Campaign> {
    const created = (
      await post('/api/broadcasts', { name: '老客回访', kind: 'customers', ...body }).expect(201)
    ).body as Campaign;
    await post(`/api/broadcasts/${created.id}/submit`).expect(200);
    await engine().runOnce();
    return campaignOf(created.id);
  }

  /** The simulator's tasks made for this test, with their senders and per-recipient results. */
  const simTasks = () => [...world.sim.state.massMessages.values()];
  const simStatusCounts = () => {
    const counts = [0, 0, 0, 0];
    for (const message of simTasks()) for (const result of message.results) counts[result.status]! += 1;
    return counts;
  };

  /** Every bucket of the funnel is counted once: the totals add up. */
  const addsUp = (funnel: CampaignFunnel['total']) => {
    const excluded = Object.values(funnel.excludedByReason).reduce((sum, count) => sum + (count ?? 0), 0);
    expect(funnel.excluded).toBe(excluded);
    expect(funnel.audience).toBe(funnel.excluded + funnel.queued + funnel.submitted);
    expect(funnel.submitted).toBe(
      funnel.unsendable +
        funnel.pending +
        funnel.sent +
        funnel.notFriend +
        funnel.limitReached +
        funnel.failed,
    );
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db, { customers: 0 });
    world.keeper.services.dispatcher.start();
    admin = await world.keeper.signIn([Role.Admin]);
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('sends 12,200 customers of three senders once each, two tasks for the sender with 10,500, and counts what WeCom counts', async () => {
    const onlyChen = give('ChenJing', 10_500);
    const onlyHuang = give('HuangQiang', 1_400);
    const shared = give('XuBin', 300);
    share('HuangQiang', shared);
    await sync();

    const audience = {
      audience: { ownerIds: ['ChenJing', 'HuangQiang', 'XuBin'] },
      ownerPolicy: { policy: 'first_owner' },
      content: { text: '双十二老客专享：到店出示本消息立减100元', materialIds: [] },
    };
    const count = (
      await post('/api/broadcasts/audience/count', {
        filter: audience.audience,
        ownerPolicy: audience.ownerPolicy,
      }).expect(200)
    ).body as { customers: number; merged: number; senders: number };
    expect(count).toMatchObject({ customers: 12_200, merged: 300, senders: 3 });

    const draft = (
      await post('/api/broadcasts', { name: '双十二', kind: 'customers', ...audience }).expect(201)
    ).body as Campaign;
    const preview = (await post(`/api/broadcasts/${draft.id}/preview`).expect(200)).body as CampaignPreview;
    expect(preview).toMatchObject({
      audience: 12_200,
      merged: 300,
      recipients: 12_200,
      senders: 3,
      tasks: 4,
    });

    world.sim.control.clearApiCalls();
    await post(`/api/broadcasts/${draft.id}/submit`).expect(200);
    await engine().runOnce();

    // One call per (sender, chunk of ≤10,000): ChenJing twice, the others once; every msgid kept.
    expect(calls(ADD)).toBe(4);
    const tasks = await db.dataSource.getRepository(TaskEntity).find({ order: { id: 'ASC' } });
    expect(tasks.map((task) => [task.senderUserId, task.chunk])).toEqual([
      ['ChenJing', 1],
      ['ChenJing', 2],
      ['HuangQiang', 1],
      ['XuBin', 1],
    ]);
    expect(new Set(tasks.map((task) => task.msgid)).size).toBe(4);
    expect(tasks.every((task) => task.msgid && world.sim.state.massMessages.has(task.msgid))).toBe(true);

    // Nobody is in two tasks, and the shared customers went to the owner who added them first.
    const targets = simTasks().flatMap((message) => message.results.map((result) => result.external_userid));
    expect(targets).toHaveLength(12_200);
    expect(new Set(targets).size).toBe(12_200);
    const xuTargets = simTasks()
      .filter((message) => message.tasks[0]!.userid === 'XuBin')
      .flatMap((message) => message.results.map((result) => result.external_userid));
    expect(new Set(xuTargets)).toEqual(new Set(shared));
    expect(onlyChen.length + onlyHuang.length + shared.length).toBe(12_200);

    // A customer who got another mass message today (the corp allows one a day), one who deleted HuangQiang.
    world.sim.control.setMassReceiveRule('day');
    const limited = onlyChen[42]!;
    const other = world.sim.control.scenarios;
    const elsewhere = await world.keeper.services.wecom.contact!.addMessageTemplate({
      external_userid: [limited],
      sender: 'ChenJing',
      text: { content: '门店通知' },
    });
    other.confirmMassMessage({ msgid: elsewhere.msgid, userid: 'ChenJing' });
    const unfriended = onlyHuang[7]!;
    other.customerDeletesMember({ userid: 'HuangQiang', external_userid: unfriended });

    // Two of three senders confirm; XuBin does not.
    for (const task of tasks.filter((each) => each.senderUserId !== 'XuBin'))
      other.confirmMassMessage({ msgid: task.msgid!, userid: task.senderUserId! });
    await post(`/api/broadcasts/${draft.id}/refresh`).expect(200);

    const funnel = await funnelOf(draft.id);
    addsUp(funnel.total);
    expect(funnel.total).toMatchObject({
      audience: 12_200,
      excluded: 0,
      submitted: 12_200,
      unsendable: 0,
      sent: 10_500 - 1 + 1_400 - 1,
      notFriend: 1,
      limitReached: 1,
      pending: 300,
    });
    // Keeper's figures are WeCom's (the one extra "sent" is the other mass message, not this campaign's).
    const [simPending, simSent, simNotFriend, simLimited] = simStatusCounts();
    expect([
      funnel.total.pending,
      funnel.total.sent + 1,
      funnel.total.notFriend,
      funnel.total.limitReached,
    ]).toEqual([simPending, simSent, simNotFriend, simLimited]);
    const senders = Object.fromEntries(funnel.senders.map((sender) => [sender.userId, sender]));
    expect(senders.ChenJing).toMatchObject({
      audience: 10_500,
      sent: 10_499,
      limitReached: 1,
      confirmed: true,
    });
    expect(senders.HuangQiang).toMatchObject({ audience: 1_400, sent: 1_399, notFriend: 1, confirmed: true });
    expect(senders.XuBin).toMatchObject({ audience: 300, pending: 300, confirmed: false });
    for (const sender of funnel.senders) addsUp(sender);
    for (const department of funnel.departments) addsUp(department);
    expect(funnel.departments.reduce((sum, department) => sum + department.audience, 0)).toBe(12_200);

    // The customer's timeline shows the campaign; the limited one as refused by the receive limit.
    const reached = (await admin.agent.get(`/api/broadcasts/reached/${limited}`).expect(200))
      .body as ReachedCampaign[];
    expect(reached).toEqual([
      expect.objectContaining({ campaignId: draft.id, name: '双十二', state: 'limit_reached' }),
    ]);

    // The export carries the funnel and every recipient.
    const exported = await admin.agent
      .get(`/api/broadcasts/${draft.id}/export`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    const bytes = exported.body as Buffer;
    await book.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const rows = book.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
    const total = (label: string) => Number(rows.find((row) => row?.[2] === label)?.[3]);
    expect([
      total('目标人群'),
      total('已发送'),
      total('非好友'),
      total('已收到其他群发'),
      total('未发送'),
    ]).toEqual([12_200, 10_499 + 1_399, 1, 1, 300]);
    // The header, the funnel's ten lines, then one row per recipient.
    expect(rows.filter((row) => row && row[1] !== '合计')).toHaveLength(1 + 12_200);
  }, 240_000);

  it('reminds only senders who have not sent, three times a day through WeCom, and cancels what is left at the deadline', async () => {
    give('ChenJing', 20);
    give('HuangQiang', 10);
    await sync();
    const campaign = await launch({
      audience: { ownerIds: ['ChenJing', 'HuangQiang'] },
      content: { text: '会员日提醒', materialIds: [] },
      deadlineDays: 2,
    });
    expect(campaign.status).toBe('running');
    expect(campaign.remindersLeft).toBe(3);
    const tasks = await db.dataSource.getRepository(TaskEntity).find();
    const chen = tasks.find((task) => task.senderUserId === 'ChenJing')!;
    world.sim.control.scenarios.confirmMassMessage({ msgid: chen.msgid!, userid: 'ChenJing' });
    await post(`/api/broadcasts/${campaign.id}/refresh`).expect(200);

    world.sim.control.clearApiCalls();
    for (let left = 2; left >= 0; left -= 1) {
      const result = (await post(`/api/broadcasts/${campaign.id}/remind`, { via: 'wecom' }).expect(200)).body;
      expect(result).toEqual({ reminded: 1, remindersLeft: left });
    }
    // Only HuangQiang's task was reminded: ChenJing sent.
    expect(calls(REMIND)).toBe(3);
    const huang = world.sim.state.massMessages.get(
      tasks.find((task) => task.senderUserId === 'HuangQiang')!.msgid!,
    )!;
    expect(huang.reminders).toHaveLength(3);
    await post(`/api/broadcasts/${campaign.id}/remind`, { via: 'wecom' }).expect(409);
    expect(calls(REMIND)).toBe(3);

    // A bot card still goes, to HuangQiang alone.
    const before = world.sim.state.outbox.length;
    expect(
      (await post(`/api/broadcasts/${campaign.id}/remind`, { via: 'bot' }).expect(200)).body,
    ).toMatchObject({
      reminded: 1,
    });
    const cards = world.sim.state.outbox.slice(before);
    expect(cards.map((card) => card.touser)).toEqual([['HuangQiang']]);

    // At the deadline the unsent task is cancelled in WeCom and the figures freeze.
    world.sim.control.advanceClock(2 * 86_400 + 60);
    await engine().runOnce();
    expect(calls(CANCEL)).toBe(1);
    expect(huang.cancelled).toBe(true);
    const finished = await campaignOf(campaign.id);
    expect(finished.status).toBe('finished');
    expect(finished.funnel).toMatchObject({ audience: 30, sent: 20, pending: 10 });
    expect(() =>
      world.sim.control.scenarios.confirmMassMessage({ msgid: huang.msgid, userid: 'HuangQiang' }),
    ).toThrow();
  }, 60_000);

  it('matches a task whose answer was lost instead of creating it twice, and queues again a call WeCom never got', async () => {
    give('ChenJing', 30);
    give('HuangQiang', 30);
    await sync();
    // The first call is done by WeCom but its answer never arrives.
    world.sim.control.faults.loseAnswers(1, ADD, 'reset');
    const campaign = await launch({
      audience: { ownerIds: ['ChenJing', 'HuangQiang'] },
      content: { text: '春季新品上市', materialIds: [] },
    });
    await engine().runOnce();
    expect(simTasks()).toHaveLength(2);
    const senders = simTasks()
      .map((message) => message.tasks[0]!.userid)
      .sort();
    expect(senders).toEqual(['ChenJing', 'HuangQiang']);
    const tasks = await db.dataSource.getRepository(TaskEntity).find();
    expect(tasks).toHaveLength(2);
    expect(new Set(tasks.map((task) => task.msgid))).toEqual(
      new Set(simTasks().map((message) => message.msgid)),
    );
    expect((await campaignOf(campaign.id)).funnel).toMatchObject({
      audience: 60,
      submitted: 60,
      pending: 60,
    });

    // A call that never reached WeCom (the connection dropped first): nothing matches, so it goes once, later.
    const more = await launch({
      name: '夏季新品',
      audience: { ownerIds: ['ChenJing'] },
      content: { text: '夏季新品上市', materialIds: [] },
    });
    expect(more.status).toBe('running');
    world.sim.control.faults.dropResponses(1, ADD);
    const third = await launch({
      name: '秋季新品',
      audience: { ownerIds: ['HuangQiang'] },
      content: { text: '秋季新品上市', materialIds: [] },
    });
    expect(third.status).toBe('submitting');
    await engine().runOnce();
    expect((await campaignOf(third.id)).status).toBe('running');
    expect(simTasks()).toHaveLength(4);
  }, 60_000);

  it('waits for a manager when approval is required, tells them in WeCom, and keeps a marketer to their departments', async () => {
    give('ChenJing', 5);
    await sync();
    await admin.agent
      .put('/api/broadcasts/settings')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({
        receiveRule: 'month',
        approvalRequired: true,
      })
      .expect(200);
    const marketer = await world.keeper.signIn([Role.Marketer], { departmentIds: ['1'] });
    const manager = await world.keeper.signIn([Role.Manager], {
      departmentIds: ['1'],
      wecomUserId: 'HuangQiang',
    });
    const draft = (
      await marketer.agent
        .post('/api/broadcasts')
        .set('X-CSRF-Token', marketer.csrfToken)
        .send({
          name: '会员招募',
          kind: 'customers',
          audience: { ownerIds: ['ChenJing'] },
          content: { text: '欢迎加入会员' },
        })
        .expect(201)
    ).body as Campaign;
    const before = world.sim.state.outbox.length;
    const submitted = (
      await marketer.agent
        .post(`/api/broadcasts/${draft.id}/submit`)
        .set('X-CSRF-Token', marketer.csrfToken)
        .expect(200)
    ).body as Campaign;
    expect(submitted.status).toBe('pending_approval');
    await marketer.agent
      .post(`/api/broadcasts/${draft.id}/approve`)
      .set('X-CSRF-Token', marketer.csrfToken)
      .expect(403);
    const card = await eventually(async () =>
      world.sim.state.outbox.slice(before).find((each) => each.touser.includes('HuangQiang')),
    );
    expect(JSON.stringify(card)).toContain('会员招募');

    await manager.agent
      .post(`/api/broadcasts/${draft.id}/approve`)
      .set('X-CSRF-Token', manager.csrfToken)
      .expect(200);
    await engine().runOnce();
    expect((await campaignOf(draft.id)).status).toBe('running');

    // A marketer of another department neither sees nor stops it.
    const elsewhere = await world.keeper.signIn([Role.Marketer], { departmentIds: ['999'] });
    await elsewhere.agent.get(`/api/broadcasts/${draft.id}`).expect(404);
    await elsewhere.agent
      .post(`/api/broadcasts/${draft.id}/cancel`)
      .set('X-CSRF-Token', elsewhere.csrfToken)
      .expect(404);
    const list = (await elsewhere.agent.get('/api/broadcasts').expect(200)).body as Page<Campaign>;
    expect(list.total).toBe(0);
  }, 60_000);

  it('sends a group campaign as one task per owner with the chosen groups, and counts the groups that got it', async () => {
    for (let i = 0; i < 3; i++)
      world.sim.control.scenarios.groupCreate({ owner: 'ChenJing', name: `VIP客户群${i + 1}` });
    world.sim.control.scenarios.groupCreate({ owner: 'HuangQiang', name: '新品体验群' });
    await sync();
    // The demo corp's own groups count too: every active group of the two owners.
    const owned = (owner: string) =>
      [...world.sim.state.groups.values()].filter((group) => group.owner === owner && !group.dismissed);
    const chen = owned('ChenJing').map((group) => group.chat_id);
    const huang = owned('HuangQiang');
    world.sim.control.clearApiCalls();
    const campaign = await launch({
      name: '群内通知',
      kind: 'groups',
      groupAudience: { ownerIds: ['ChenJing', 'HuangQiang'] },
      content: { text: '本周六门店沙龙，欢迎群友报名', materialIds: [] },
    });
    expect(campaign.status).toBe('running');
    expect(calls(ADD)).toBe(2);
    const tasks = await db.dataSource.getRepository(TaskEntity).find({ order: { senderUserId: 'ASC' } });
    const chenTask = world.sim.state.massMessages.get(tasks[0]!.msgid!)!;
    expect(chenTask.chat_type).toBe('group');
    expect(chenTask.tasks.map((task) => task.userid)).toEqual(['ChenJing']);
    expect(new Set(chenTask.results.map((result) => result.chat_id))).toEqual(new Set(chen));

    world.sim.control.scenarios.confirmMassMessage({ msgid: chenTask.msgid, userid: 'ChenJing' });
    await post(`/api/broadcasts/${campaign.id}/refresh`).expect(200);
    const funnel = await funnelOf(campaign.id);
    addsUp(funnel.total);
    const groups = chen.length + huang.length;
    expect(funnel.total).toMatchObject({
      audience: groups,
      submitted: groups,
      sent: chen.length,
      pending: huang.length,
    });
    const recipients = (
      await admin.agent.get(`/api/broadcasts/${campaign.id}/recipients?state=pending`).expect(200)
    ).body as Page<Recipient>;
    expect(recipients.items.map((each) => [each.targetId, each.name]).sort()).toEqual(
      huang.map((group) => [group.chat_id, group.name]).sort(),
    );
  }, 60_000);

  it('sends a staff notice through the app once, within each member’s budget', async () => {
    await sync();
    const campaign = await launch({
      name: '周会通知',
      kind: 'staff',
      staffAudience: { memberIds: ['ChenJing', 'HuangQiang', 'XuBin'] },
      staffMessage: { msgtype: 'markdown', content: '**周五下午三点** 全员周会' },
    });
    expect(campaign.status).toBe('finished');
    expect(campaign.funnel).toMatchObject({ audience: 3, submitted: 3, sent: 3 });
    const recipients = (await admin.agent.get(`/api/broadcasts/${campaign.id}/recipients`).expect(200))
      .body as Page<Recipient>;
    expect(recipients.items.map((each) => each.state)).toEqual(['sent', 'sent', 'sent']);
  }, 60_000);
});
