import {
  Role,
  SyncTrigger,
  type HandoverCase,
  type HandoverItem,
  type Page,
  type PlanPreview,
} from '@keeper/shared';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CustomerEventEntity,
  CustomerFollowEntity,
} from '../../server/src/modules/customers/customer.entity';
import { CustomerGroupEntity } from '../../server/src/modules/groups/group.entity';
import {
  HandoverBatchEntity,
  HandoverCaseEntity,
  HandoverItemEntity,
} from '../../server/src/modules/reassign/reassign.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { eventually, startKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';

const DAY = 86_400;
const RESIGNED_CALL = 'externalcontact/resigned/transfer_customer';
const ONJOB_CALL = 'externalcontact/transfer_customer';
const GROUP_CALL = 'externalcontact/groupchat/transfer';

describe('handing over the customers of leaving and moving staff, against the simulator', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;

  const give = (userid: string, n: number) =>
    Array.from({ length: n }, () => world.sim.control.scenarios.addContact({ userid }).external_userid);
  const calls = (path: string) => world.sim.control.apiCalls()[path] ?? 0;
  const engine = () => world.keeper.services.transferEngine;

  /** Keeper synced with a corp where `member` holds `customers` customers and `groups` groups. */
  async function corpWith(member: string, customers: number, groups = 0) {
    const exts = give(member, customers);
    const chats = Array.from(
      { length: groups },
      (_, i) => world.sim.control.scenarios.groupCreate({ owner: member, name: `客户群${i + 1}` }).chat_id,
    );
    await world.sim.control.callbacksIdle();
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    await world.keeper.services.customerSync.run(SyncTrigger.Manual);
    return { exts, chats };
  }

  async function departs(member: string): Promise<HandoverCase> {
    world.sim.control.scenarios.memberLeaves({ userid: member });
    const opened = await eventually(async () => {
      const { body } = await admin().agent.get('/api/reassign/cases?inbox=true').expect(200);
      const found = (body as Page<HandoverCase>).items.find((each) => each.handover.userId === member);
      return found;
    });
    return opened;
  }

  let signedIn: Awaited<ReturnType<KeeperWithSimulator['keeper']['signIn']>> | undefined;
  const admin = () => signedIn!;

  const post = (path: string, body: unknown) =>
    admin()
      .agent.post(path)
      .set('X-CSRF-Token', admin().csrfToken)
      .send(body as object);

  const caseOf = async (id: string) =>
    (await admin().agent.get(`/api/reassign/cases/${id}`).expect(200)).body as HandoverCase;

  const itemsOf = async (id: string, kind = 'customer') =>
    (
      (await admin().agent.get(`/api/reassign/cases/${id}/items?kind=${kind}&pageSize=200`).expect(200))
        .body as Page<HandoverItem>
    ).items;

  /** Every customer is in exactly one of the end states; the totals add up. */
  const addsUp = (totals: HandoverCase['customers']) =>
    totals.skipped +
    totals.rejected +
    totals.done +
    totals.waiting +
    totals.refused +
    totals.receiverFull +
    totals.noRecord +
    totals.planned +
    totals.sending;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db, { customers: 0 });
    world.keeper.services.dispatcher.start();
    world.keeper.services.handoverJobs.watchDepartures();
    signedIn = await world.keeper.signIn([Role.Admin]);
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('hands a departed member’s 250 customers and 3 groups to one receiver in 3 + 1 calls, each done with one timeline entry', async () => {
    const { exts, chats } = await corpWith('HuangQiang', 250, 3);
    const opened = await departs('HuangQiang');
    expect(opened.customers.unplanned).toBe(250);
    expect(opened.groups.unplanned).toBe(3);
    expect(opened.deadlineWarning).toBe('none');

    const preview = (
      await post(`/api/reassign/cases/${opened.id}/preview`, {
        selection: { mode: 'all' },
        distribution: { mode: 'single', receivers: ['XuBin'] },
      }).expect(200)
    ).body as PlanPreview;
    expect(preview).toMatchObject({ go: 250, skip: 0, blocked: 0, groups: 3 });

    world.sim.control.clearApiCalls();
    await post(`/api/reassign/cases/${opened.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['XuBin'] },
    }).expect(200);
    await engine().runOnce();
    expect(calls(RESIGNED_CALL)).toBe(3);
    expect(calls(GROUP_CALL)).toBe(1);
    const sent = await caseOf(opened.id);
    expect(sent.customers).toMatchObject({ selected: 250, waiting: 250 });
    expect(sent.groups).toMatchObject({ selected: 3, done: 3 });
    const groupOwners = await db.dataSource.getRepository(CustomerGroupEntity).findBy({});
    expect(groupOwners.filter((group) => chats.includes(group.chatId)).map((group) => group.ownerId)).toEqual(
      ['XuBin', 'XuBin', 'XuBin'],
    );

    world.sim.control.advanceClock(DAY + 1);
    await world.sim.control.callbacksIdle();
    await engine().runOnce();
    const done = await eventually(async () => {
      const current = await caseOf(opened.id);
      return current.status === 'completed' && current;
    });
    expect(done.customers).toMatchObject({ selected: 250, done: 250, waiting: 0 });

    const entries = await db.dataSource
      .getRepository(CustomerEventEntity)
      .findBy({ kind: 'transferred_in', userId: 'XuBin' });
    expect(entries).toHaveLength(250);
    expect(new Set(entries.map((entry) => entry.externalUserId))).toEqual(new Set(exts));
    expect(entries[0]!.detail).toMatchObject({
      mode: 'resigned',
      handoverUserId: 'HuangQiang',
      takeoverUserId: 'XuBin',
      caseId: Number(opened.id),
    });
    const receiverFollows = await db.dataSource
      .getRepository(CustomerFollowEntity)
      .countBy({ userId: 'XuBin', status: 'active' });
    expect(receiverFollows).toBe(250);
    const { body: inbox } = await admin().agent.get('/api/reassign/inbox').expect(200);
    expect(inbox).toEqual({ open: 0 });
  });

  it('records a refusal and a full receiver, and plans both again with exactly one new call', async () => {
    const { exts } = await corpWith('WuTing', 4);
    const opened = await departs('WuTing');
    await post(`/api/reassign/cases/${opened.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['XuBin'] },
    }).expect(200);
    await engine().runOnce();

    world.sim.control.run('transfer-refused', { external_userid: exts[0] });
    // XuBin can take two more customers: of the three left waiting, the last comes due to a full receiver.
    world.sim.control.run('takeover-full', { userid: 'XuBin', limit: 2 });
    await world.sim.control.callbacksIdle();
    world.sim.control.advanceClock(DAY + 1);
    await world.sim.control.callbacksIdle();
    await engine().runOnce();
    const settled = await eventually(async () => {
      const current = await caseOf(opened.id);
      return current.customers.waiting === 0 && current;
    });
    expect(settled.customers).toMatchObject({ selected: 4, done: 2, refused: 1, receiverFull: 1 });
    expect(settled.status).toBe('pending');
    const states = Object.fromEntries((await itemsOf(opened.id)).map((item) => [item.targetId, item.state]));
    expect(states[exts[0]!]).toBe('refused');

    world.sim.control.clearApiCalls();
    await post(`/api/reassign/cases/${opened.id}/replan`, { receiver: 'SunLi' }).expect(200);
    await engine().runOnce();
    expect(calls(RESIGNED_CALL)).toBe(1);
    const replanned = await caseOf(opened.id);
    expect(replanned.customers).toMatchObject({ selected: 4, done: 2, waiting: 2 });
    expect(addsUp(replanned.customers)).toBe(replanned.customers.selected);
  });

  it('blocks an on-duty transfer of a customer moved twice in 90 days in the preview', async () => {
    const { exts } = await corpWith('LiNa', 3);
    const { body: opened } = await post('/api/reassign/cases', { handoverUserId: 'LiNa' }).expect(201);
    const handoverCase = opened as HandoverCase;
    expect(handoverCase.kind).toBe('on_job');
    // Two earlier on-duty transfers of the first customer through Keeper, 10 and 40 days ago.
    for (const daysAgo of [10, 40]) {
      const earlier = await db.dataSource.getRepository(HandoverCaseEntity).save({
        dedupeKey: `on_job:ChenJing:${daysAgo}`,
        kind: 'on_job',
        status: 'completed',
        handoverUserId: 'ChenJing',
        departedAt: null,
        message: null,
        openedBy: 'admin',
        reportedAt: null,
        refusalsReported: 0,
        completedAt: new Date(),
      });
      await db.dataSource.getRepository(HandoverItemEntity).save({
        caseId: earlier.id,
        kind: 'customer',
        targetId: exts[0]!,
        state: 'done',
        takeoverUserId: 'LiNa',
        sentAt: new Date(Date.now() - daysAgo * DAY * 1000),
        attempts: 1,
      });
    }
    const preview = (
      await post(`/api/reassign/cases/${handoverCase.id}/preview`, {
        selection: { mode: 'all' },
        distribution: { mode: 'single', receivers: ['ChenJing'] },
        message: '您好，后续由{接替人}为您服务',
      }).expect(200)
    ).body as PlanPreview;
    expect(preview).toMatchObject({ go: 2, blocked: 1 });
    expect(preview.rows[0]).toMatchObject({ targetId: exts[0], verdict: 'blocked', reason: 'onjob_limit' });
    expect(preview.message).toBe('您好，后续由陈静为您服务');

    world.sim.control.clearApiCalls();
    await post(`/api/reassign/cases/${handoverCase.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['ChenJing'] },
    }).expect(200);
    await engine().runOnce();
    expect(calls(ONJOB_CALL)).toBe(1);
    const after = await caseOf(handoverCase.id);
    expect(after.customers).toMatchObject({ selected: 3, rejected: 1, waiting: 2 });
  });

  it('settles a lost answer and a crash before the call from WeCom’s results: no customer sent twice, none skipped', async () => {
    const { exts } = await corpWith('GaoFeng', 150);
    const opened = await departs('GaoFeng');
    await post(`/api/reassign/cases/${opened.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['HeXue'] },
    }).expect(200);
    // A process died after marking the last 50 as sending, before its call left: a batch without an answer.
    const lastFifty = (
      await db.dataSource.getRepository(HandoverItemEntity).find({
        where: { caseId: Number(opened.id), kind: 'customer' },
        order: { id: 'ASC' },
      })
    ).slice(100);
    const crashed = await db.dataSource.getRepository(HandoverBatchEntity).save({
      caseId: Number(opened.id),
      kind: 'customer',
      takeoverUserId: 'HeXue',
      status: 'sending',
    });
    await db.dataSource.getRepository(HandoverItemEntity).update(
      lastFifty.map((item) => item.id),
      { state: 'sending', batchId: crashed.id, sentAt: new Date() },
    );
    // WeCom starts the first 100 but the answer never arrives.
    world.sim.control.faults.loseAnswers(1, RESIGNED_CALL, 'reset');
    world.sim.control.clearApiCalls();

    await engine().runOnce();
    await engine().runOnce();
    // The 100 whose answer was lost are settled from the results; the 50 that never left go once.
    expect(calls(RESIGNED_CALL)).toBe(2);
    expect(calls('externalcontact/resigned/transfer_result')).toBeGreaterThan(0);

    const transfers = world.sim.state.transfers.filter((t) => t.handover_userid === 'GaoFeng');
    const perCustomer = new Map<string, number>();
    for (const t of transfers)
      perCustomer.set(t.external_userid, (perCustomer.get(t.external_userid) ?? 0) + 1);
    expect(perCustomer.size).toBe(150);
    expect([...perCustomer.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perCustomer.keys())).toEqual(new Set(exts));
    const current = await caseOf(opened.id);
    expect(current.customers).toMatchObject({ selected: 150, waiting: 150 });
    expect(addsUp(current.customers)).toBe(150);
  });

  it('shows and changes cases only within the manager’s departments', async () => {
    await corpWith('WuTing', 2); // 华南 (6)
    const opened = await departs('WuTing');
    const east = await world.keeper.signIn([Role.Manager], { departmentIds: ['5'] });
    const south = await world.keeper.signIn([Role.Manager], { departmentIds: ['6'] });
    const staff = await world.keeper.signIn([Role.Staff]);

    const { body: eastList } = await east.agent.get('/api/reassign/cases').expect(200);
    expect((eastList as Page<HandoverCase>).total).toBe(0);
    await east.agent.get(`/api/reassign/cases/${opened.id}`).expect(404);
    await east.agent
      .post(`/api/reassign/cases/${opened.id}/plan`)
      .set('X-CSRF-Token', east.csrfToken)
      .send({ selection: { mode: 'all' }, distribution: { mode: 'single', receivers: ['LiNa'] } })
      .expect(404);
    await staff.agent.get('/api/reassign/cases').expect(403);

    // In scope, but the receiver is in another department.
    await south.agent
      .post(`/api/reassign/cases/${opened.id}/plan`)
      .set('X-CSRF-Token', south.csrfToken)
      .send({ selection: { mode: 'all' }, distribution: { mode: 'single', receivers: ['LiNa'] } })
      .expect(403);
    await south.agent
      .post(`/api/reassign/cases/${opened.id}/plan`)
      .set('X-CSRF-Token', south.csrfToken)
      .send({ selection: { mode: 'all' }, distribution: { mode: 'single', receivers: ['SunLi'] } })
      .expect(200);
    const { body: inbox } = await south.agent.get('/api/reassign/inbox').expect(200);
    expect(inbox).toEqual({ open: 1 });
  });

  it('exports a report whose totals add up', async () => {
    await corpWith('ZhengKai', 3);
    const opened = await departs('ZhengKai');
    await post(`/api/reassign/cases/${opened.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['LuoDan'] },
    }).expect(200);
    await engine().runOnce();
    const response = await admin()
      .agent.get(`/api/reassign/cases/${opened.id}/export`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    const bytes = response.body as Buffer;
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1) as unknown[][];
    const total = (label: string) => Number(values.find((row) => row?.[2] === label)?.[3]);
    expect(total('已选')).toBe(3);
    expect(total('等待接替')).toBe(3);
    expect(values.filter((row) => row?.[1] === '客户')).toHaveLength(3);
  });

  it('tells the managers of a departure, the receiver of the customers coming, and the managers of the completion, in WeCom', async () => {
    await corpWith('ZhaoMin', 3);
    // A manager of 华南 whose console account is their WeCom account.
    await world.keeper.signIn([Role.Manager], { departmentIds: ['6'], wecomUserId: 'SunLi' });
    const cards = (to: string) =>
      world.sim.state.outbox.filter(
        (message) => message.msgtype === 'textcard' && message.touser.includes(to),
      );
    const text = (to: string) => JSON.stringify(cards(to).map((message) => message.content));

    const opened = await departs('ZhaoMin');
    await eventually(async () => text('SunLi').includes('赵敏 已离职') && text('SunLi').includes('3 位客户'));

    await post(`/api/reassign/cases/${opened.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['XuBin'] },
    }).expect(200);
    await engine().runOnce();
    await eventually(async () => text('XuBin').includes('3 位客户将转给你'));
    expect(cards('XuBin')).toHaveLength(1);

    world.sim.control.advanceClock(DAY + 1);
    await world.sim.control.callbacksIdle();
    await engine().runOnce();
    await eventually(async () => text('SunLi').includes('交接完成'));
    expect(
      cards('SunLi').filter((message) => JSON.stringify(message.content).includes('交接完成')),
    ).toHaveLength(1);
  });

  it('opens the case of a departure only the reconciliation sync found', async () => {
    await corpWith('LiangYan', 2);
    world.sim.control.faults.dropCallbacks(1);
    world.sim.control.scenarios.memberLeaves({ userid: 'LiangYan' });
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    const found = await eventually(async () => {
      const { body } = await admin().agent.get('/api/reassign/cases?inbox=true').expect(200);
      return (body as Page<HandoverCase>).items.find((each) => each.handover.userId === 'LiangYan');
    });
    expect(found.customers.unplanned).toBe(2);
  });

  it('completes an on-duty transfer from WeCom’s callbacks alone, with one timeline entry each', async () => {
    const { exts } = await corpWith('YangLei', 2);
    const { body } = await post('/api/reassign/cases', { handoverUserId: 'YangLei' }).expect(201);
    const handoverCase = body as HandoverCase;
    await post(`/api/reassign/cases/${handoverCase.id}/plan`, {
      selection: { mode: 'ids', externalUserIds: [exts[0]] },
      distribution: { mode: 'single', receivers: ['LiuYang'] },
    }).expect(200);
    await engine().runOnce();
    // WeCom completes it: DELETE_BY_TRANSFER for YangLei, add_external_contact for LiuYang. No poll runs.
    world.sim.control.completeTransfers();
    await world.sim.control.callbacksIdle();
    const done = await eventually(async () => {
      const current = await caseOf(handoverCase.id);
      return current.customers.done === 1 && current;
    });
    expect(done.customers).toMatchObject({ selected: 1, done: 1, unplanned: 1 });
    expect(done.status).toBe('pending');
    const timeline = await db.dataSource
      .getRepository(CustomerEventEntity)
      .find({ where: { externalUserId: exts[0]! }, order: { id: 'ASC' } });
    const kinds = timeline.map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind === 'transferred_in')).toHaveLength(1);
    expect(kinds).not.toContain('transferred_out');
    expect(timeline.find((entry) => entry.kind === 'transferred_in')).toMatchObject({
      userId: 'LiuYang',
      detail: { mode: 'on_job', handoverUserId: 'YangLei', takeoverUserId: 'LiuYang' },
    });
    const follows = await db.dataSource
      .getRepository(CustomerFollowEntity)
      .findBy({ externalUserId: exts[0]! });
    expect(Object.fromEntries(follows.map((follow) => [follow.userId, follow.status]))).toEqual({
      YangLei: 'transferred',
      LiuYang: 'active',
    });
  });

  it('moves 300 groups of one owner on WeCom’s day and the rest on the next, by itself', async () => {
    await corpWith('HuJun', 0, 301);
    const opened = await departs('HuJun');
    world.sim.control.clearApiCalls();
    await post(`/api/reassign/cases/${opened.id}/plan`, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['ZhuLin'] },
    }).expect(200);
    await engine().runOnce();
    expect(calls(GROUP_CALL)).toBe(3);
    expect((await caseOf(opened.id)).groups).toMatchObject({ done: 300, planned: 1 });
    await engine().runOnce();
    expect(calls(GROUP_CALL)).toBe(3);

    world.sim.control.advanceClock(DAY);
    await engine().runOnce();
    expect(calls(GROUP_CALL)).toBe(4);
    const done = await caseOf(opened.id);
    expect(done.groups).toMatchObject({ selected: 301, done: 301 });
  });
});
