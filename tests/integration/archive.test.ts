import { Role, SocketEvent, SyncTrigger, type ArchivedMessage, type Violation } from '@keeper/shared';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveMessageEntity, ArchiveStateEntity } from '../../server/src/modules/archive/archive.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  archiveKeyPair,
  eventually,
  startKeeperWithSimulator,
  type ArchiveKeys,
  type KeeperWithSimulator,
} from './keeper-with-simulator';

/** The chat archive through the real FFI path: the SDK double (gcc) over koffi, RSA with Keeper's real key. */
describe('the chat archive against the simulator', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  let keys: ArchiveKeys;
  const messages = () => db.dataSource.getRepository(ArchiveMessageEntity);
  const relation = () =>
    world.sim.state.customers
      .allFollows()
      .find((follow) => world.sim.state.directory.staff.get(follow.userid)?.status === 1)!;

  beforeAll(async () => {
    db = await openTestDatabase();
    keys = archiveKeyPair();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db, { customers: 120 }, { archive: keys });
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    await world.keeper.services.auditRules.seedBuiltins();
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('archives exactly the messages the simulator holds, once each, even when a page is served twice', async () => {
    await world.keeper.services.puller.pullUntilCaughtUp();
    const expected = world.sim.state.chats.size();
    expect(expected).toBeGreaterThan(50);
    expect(await messages().count()).toBe(expected);
    // The SDK serves the same page again (e.g. a checkpoint written by an older process): nothing doubles.
    await db.dataSource.getRepository(ArchiveStateEntity).update({ name: 'main' }, { checkpointSeq: '0' });
    await world.keeper.services.puller.pullUntilCaughtUp();
    expect(await messages().count()).toBe(expected);
    const state = await world.keeper.services.puller.state();
    expect(state.checkpointSeq).toBe(String(world.sim.state.chats.latestSeq()));
  });

  it('keeps a recalled message with its content and marks it recalled', async () => {
    const { userid, external_userid } = relation();
    const sent = world.sim.control.run('chat', {
      from: userid,
      to: [external_userid],
      messages: [{ msgtype: 'text', content: '这个价格是内部价，别外传' }],
    }) as {
      messages: { msgid: string }[];
    };
    world.sim.control.run('chat-recall', { msgid: sent.messages[0]!.msgid });
    await world.keeper.services.puller.pullUntilCaughtUp();
    const original = await messages().findOneBy({ msgid: sent.messages[0]!.msgid });
    expect(original?.recalledAt).toBeInstanceOf(Date);
    const admin = await world.keeper.signIn([Role.Admin]);
    const window = await admin.agent
      .get(`/api/conversations/${original!.conversationId}/messages`)
      .expect(200);
    const shown = (window.body.items as ArchivedMessage[]).find(
      (message) => message.msgid === original!.msgid,
    )!;
    expect(shown).toMatchObject({ text: '这个价格是内部价，别外传', recalledAt: expect.any(String) });
    const notice = (window.body.items as ArchivedMessage[]).find(
      (message) => message.recallOf === original!.msgid,
    );
    expect(notice).toMatchObject({
      action: 'recall',
      msgtype: 'revoke',
      violations: [expect.objectContaining({ ruleName: '员工撤回消息' })],
    });
  });

  it('raises a violation for "加我私人微信", pushes it live to a manager in scope, and the bot messages them in WeCom', async () => {
    const { userid, external_userid } = relation();
    const departments = world.sim.state.directory.staff.get(userid)!.department.map(String);
    // The manager's console account is linked to a WeCom member, so the bot can reach them there.
    const managerMember = [...world.sim.state.directory.staff.values()].find(
      (staff) => staff.status === 1 && staff.userid !== userid,
    )!;
    const manager = await world.keeper.signIn([Role.Manager], {
      departmentIds: departments,
      wecomUserId: managerMember.userid,
    });
    const cookie = (await manager.agent.get('/api/auth/me')).request.cookies;
    const socket = connect(world.keeperUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie },
    });
    const received = new Promise<Violation>((resolve) => socket.on(SocketEvent.ViolationCreated, resolve));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    try {
      world.sim.control.run('chat', {
        from: userid,
        to: [external_userid],
        messages: [{ msgtype: 'text', content: '以后加我私人微信聊，方便些' }],
      });
      await world.keeper.services.puller.pullUntilCaughtUp();
      const violation = await received;
      expect(violation).toMatchObject({
        ruleName: '引导添加个人微信',
        severity: 'high',
        status: 'new',
        member: { id: userid },
      });
      const inbox = await manager.agent.get('/api/violations').query({ status: 'new' }).expect(200);
      expect(inbox.body.items.map((item: Violation) => item.id)).toContain(violation.id);
      const botMessage = await eventually(async () =>
        world.sim.state.outbox.find(
          (message) => message.msgtype === 'textcard' && message.touser.includes(managerMember.userid),
        ),
      );
      expect(JSON.stringify(botMessage.content)).toContain('引导添加个人微信');
    } finally {
      socket.close();
    }
  });

  it('parks at a message of an unknown key version, keeps what came before, and skips nothing on resume without the key', async () => {
    await world.keeper.services.puller.pullUntilCaughtUp();
    const before = await messages().count();
    const rotated = archiveKeyPair();
    world.sim.control.setArchiveKeys({ publicKeys: { 2: rotated.publicPem }, currentKeyVersion: 2 });
    const { userid, external_userid } = relation();
    world.sim.control.run('chat', {
      from: userid,
      to: [external_userid],
      messages: [{ msgtype: 'text', content: '新密钥之后的第一条' }],
    });
    await world.keeper.services.puller.pullUntilCaughtUp();
    expect(await messages().count()).toBe(before);

    const admin = await world.keeper.signIn([Role.Admin]);
    const status = await admin.agent.get('/api/archive/status').expect(200);
    expect(status.body.parked).toMatchObject({
      seq: String(world.sim.state.chats.latestSeq()),
      reason: expect.stringContaining('publickey_ver 2'),
    });
    // Pulling again while parked moves nothing; resuming without the key parks again at the same message.
    await world.keeper.services.puller.pullUntilCaughtUp();
    expect(await messages().count()).toBe(before);
    await admin.agent.post('/api/archive/resume').set('X-CSRF-Token', admin.csrfToken).expect(200);
    await world.keeper.services.puller.pullUntilCaughtUp();
    expect(await messages().count()).toBe(before);
    expect((await admin.agent.get('/api/archive/status')).body.parked.seq).toBe(
      String(world.sim.state.chats.latestSeq()),
    );
    expect((await world.keeper.services.puller.state()).checkpointSeq).toBe(
      String(world.sim.state.chats.latestSeq() - 1),
    );
  });

  it('shows a manager only the conversations of their departments', async () => {
    await world.keeper.services.puller.pullUntilCaughtUp();
    const staff = [...world.sim.state.directory.staff.values()];
    const parents = new Set([...world.sim.state.directory.departments.values()].map((each) => each.parentid));
    const leaf = staff.find((each) => each.status === 1 && !parents.has(each.department[0]!))!.department[0]!;
    const inScope = new Set(
      staff.filter((each) => each.department.includes(leaf)).map((each) => each.userid),
    );
    const manager = await world.keeper.signIn([Role.Manager], { departmentIds: [String(leaf)] });
    const page = await manager.agent.get('/api/conversations').query({ pageSize: 200 }).expect(200);
    for (const conversation of page.body.items as { member: { id: string } | null }[]) {
      expect(inScope.has(conversation.member!.id)).toBe(true);
    }
    const admin = await world.keeper.signIn([Role.Admin]);
    const all = await admin.agent.get('/api/conversations').query({ pageSize: 200 }).expect(200);
    const outside = (all.body.items as { id: string; member: { id: string } | null }[]).find(
      (c) => c.member && !inScope.has(c.member.id),
    )!;
    await manager.agent.get(`/api/conversations/${outside.id}`).expect(404);
    const search = await manager.agent.get('/api/messages/search').query({ q: '的' }).expect(200);
    for (const message of search.body.items as ArchivedMessage[]) {
      expect(page.body.items.map((c: { id: string }) => c.id)).toContain(message.conversationId);
    }
  });
});
