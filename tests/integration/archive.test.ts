import {
  Role,
  SocketCommand,
  SocketEvent,
  SyncTrigger,
  type ArchivedMessage,
  type Violation,
} from '@keeper/shared';
import { createHash } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger';
import { ArchivePuller } from '../../server/src/modules/archive/archive-puller';
import { ArchiveMessageEntity, ArchiveStateEntity } from '../../server/src/modules/archive/archive.entity';
import { ViolationEntity } from '../../server/src/modules/audit/audit.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  archiveKeyPair,
  eventually,
  startKeeperWithSimulator,
  type ArchiveKeys,
  type KeeperWithSimulator,
} from './keeper-with-simulator';
import { membersUnder } from './scope-fixtures';

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

    // Each message is kept exactly as WeCom sent it, every field included.
    const kept = (await db.dataSource.query(
      'SELECT m.msgid, c.content FROM archive_messages m JOIN archive_message_contents c ON c.message_id = m.id',
    )) as { msgid: string; content: string }[];
    const sent = new Map(
      world.sim.control.archivedMessages(0, expected).map(({ message }) => [message.msgid, message]),
    );
    expect(kept).toHaveLength(expected);
    for (const { msgid, content } of kept) expect(JSON.parse(content)).toEqual(sent.get(msgid));
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
    // The demo corp's history has violations of its own: archive it before listening for the new one.
    await world.keeper.services.puller.pullUntilCaughtUp();
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

  it('archives and flags at once past an admin regex that backtracks exponentially; a re-scan is queued, not run in the request', async () => {
    const { userid, external_userid } = relation();
    const admin = await world.keeper.signIn([Role.Admin]);
    const post = (url: string, body: object) =>
      admin.agent.post(url).set('X-CSRF-Token', admin.csrfToken).send(body);
    const rule = { name: '连续 b', kind: 'regex', severity: 'low', patterns: ['(b+)+$'] };
    const created = (await post('/api/audit-rules', rule).expect(201)).body as { id: string };
    // What RE2 cannot run is refused when saved.
    const refused = await post('/api/audit-rules', { ...rule, patterns: ['(b)\\1'] }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('cannot run this pattern');

    // 32 characters froze a backtracking engine for 87 s: no health check, no callbacks meanwhile.
    world.sim.control.run('chat', {
      from: userid,
      to: [external_userid],
      messages: [
        { msgtype: 'text', content: `${'b'.repeat(31)}c` },
        { msgtype: 'text', content: 'bbbb' },
      ],
    });
    await world.keeper.services.puller.pullUntilCaughtUp();
    await admin.agent.get('/healthz').expect(200);
    // The demo corp's own history has violations of other rules: count this rule's.
    const flagged = await admin.agent.get('/api/violations').query({ ruleId: created.id }).expect(200);
    expect(flagged.body.items.map((item: Violation) => item.matched)).toEqual([['bbbb']]);

    const now = Date.now();
    const period = {
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    };
    const queued = await post('/api/archive/rescans', period).expect(202);
    expect(queued.body).toMatchObject({ status: 'queued', scanned: 0, requestedBy: expect.any(String) });
    expect((await post('/api/archive/rescans', period).expect(202)).body.id).toBe(queued.body.id);
    await world.keeper.services.rescans.runQueued();
    const done = await admin.agent.get(`/api/archive/rescans/${queued.body.id}`).expect(200);
    expect(done.body).toMatchObject({ status: 'done', created: 0 });
    expect(done.body.scanned).toBe(done.body.total);
    expect(done.body.total).toBeGreaterThanOrEqual(2);
  });

  it('tells a watcher in scope that its conversation grew, and refuses a watcher of another department', async () => {
    const { userid, external_userid } = relation();
    const first = world.sim.control.run('chat', {
      from: userid,
      to: [external_userid],
      messages: [{ msgtype: 'text', content: '您好，资料已发您' }],
    }) as { messages: { msgid: string }[] };
    await world.keeper.services.puller.pullUntilCaughtUp();
    const conversationId = String(
      (await messages().findOneBy({ msgid: first.messages[0]!.msgid }))!.conversationId,
    );

    const directory = world.sim.state.directory;
    const own = directory.staff.get(userid)!.department;
    const covering = new Set<number>();
    for (const id of own) {
      for (let at: number | undefined = id; at; at = directory.departments.get(at)?.parentid)
        covering.add(at);
    }
    const elsewhere = [...directory.departments.keys()].find((id) => !covering.has(id))!;
    const watch = async (departmentIds: string[]) => {
      const user = await world.keeper.signIn([Role.Manager], { departmentIds });
      const cookie = (await user.agent.get('/api/auth/me')).request.cookies;
      const socket = connect(world.keeperUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: { cookie },
      });
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const grew: string[] = [];
      socket.on(SocketEvent.ConversationMessages, (event: { conversationId: string }) =>
        grew.push(event.conversationId),
      );
      const watching = (await socket
        .timeout(5_000)
        .emitWithAck(SocketCommand.WatchConversation, conversationId)) as boolean;
      return { socket, grew, watching };
    };
    const inScope = await watch(own.map(String));
    const outOfScope = await watch([String(elsewhere)]);
    try {
      expect(inScope.watching).toBe(true);
      expect(outOfScope.watching).toBe(false);

      world.sim.control.run('chat', {
        from: external_userid,
        to: [userid],
        messages: [{ msgtype: 'text', content: '收到，谢谢' }],
      });
      await world.keeper.services.puller.pullUntilCaughtUp();
      await eventually(async () => (inScope.grew.length ? inScope.grew : undefined));
      expect(inScope.grew).toEqual([conversationId]);
      expect(outOfScope.grew).toEqual([]);
    } finally {
      inScope.socket.close();
      outOfScope.socket.close();
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
      failure: {
        code: 'archive_key_missing',
        params: { keyVersion: 2 },
        detail: expect.stringContaining('publickey_ver 2'),
      },
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

  it('says so in 存档状态 when WeCom announces messages but nothing comes after the checkpoint, until pages arrive again', async () => {
    const { puller, dispatcher } = world.keeper.services;
    await puller.pullUntilCaughtUp();
    const wecomSeq = world.sim.state.chats.latestSeq();
    const states = db.dataSource.getRepository(ArchiveStateEntity);
    // Keeper's checkpoint is ahead of WeCom's archive, as when the sandbox's WeCom used to start afresh.
    await states.update({ name: 'main' }, { checkpointSeq: String(wecomSeq + 150) });
    world.sim.config.msgauditNotifyIntervalMs = 0;
    dispatcher.start();
    const admin = await world.keeper.signIn([Role.Admin]);
    const { userid, external_userid } = relation();
    const chat = (content: string) =>
      world.sim.control.run('chat', {
        from: userid,
        to: [external_userid],
        messages: [{ msgtype: 'text', content }],
      });

    for (let notify = 1; notify <= 3; notify++) {
      // WeCom notifies at most every 15 s; the same notify within one second is one callback.
      world.sim.control.advanceClock(20);
      chat(`企业微信里的第 ${notify} 条新消息`);
      await eventually(async () => (await puller.state()).unansweredNotifies === notify);
      await puller.pullUntilCaughtUp();
    }
    expect(await messages().count()).toBe(world.sim.state.chats.size() - 3);
    // Fresh notifies may still be a pull racing its own notify: no warning yet.
    expect((await admin.agent.get('/api/archive/status').expect(200)).body.stalled).toBeNull();

    // Minutes later WeCom is still announcing news that never comes: 存档状态 says so.
    const since = new Date(Date.now() - 6 * 60_000);
    await states.update({ name: 'main' }, { notifiedSince: since });
    const stalled = (await admin.agent.get('/api/archive/status').expect(200)).body;
    expect(stalled.stalled).toEqual({ since: since.toISOString(), notifies: 3 });
    expect(stalled.parked).toBeNull();

    // Once pages come again (here: the checkpoint put back), the warning is gone.
    await states.update({ name: 'main' }, { checkpointSeq: String(wecomSeq) });
    await puller.pullUntilCaughtUp();
    expect(await messages().count()).toBe(world.sim.state.chats.size());
    const recovered = (await admin.agent.get('/api/archive/status').expect(200)).body;
    expect(recovered.stalled).toBeNull();
    expect((await puller.state()).unansweredNotifies).toBe(0);
  });

  it('reads small pages ahead and still stops exactly at a park in the middle of them', async () => {
    const { services } = world.keeper;
    const puller = new ArchivePuller({
      dataSource: db.dataSource,
      sdk: services.archiveSource!.sdk,
      keyVersions: services.archiveSource!.keyVersions,
      rules: services.auditRules,
      violations: services.messageViolations,
      locks: services.locks,
      domainEvents: services.domainEvents,
      logger: createLogger({ logLevel: 'silent', env: 'test' }),
      pageSize: 7,
    });
    await puller.pullUntilCaughtUp();
    expect(await messages().count()).toBe(world.sim.state.chats.size());

    const { userid, external_userid } = relation();
    const say = (content: string) =>
      world.sim.control.run('chat', {
        from: userid,
        to: [external_userid],
        messages: [{ msgtype: 'text', content }],
      });
    for (let i = 0; i < 10; i++) say(`轮换前 ${i}`);
    const rotated = archiveKeyPair();
    world.sim.control.setArchiveKeys({ publicKeys: { 2: rotated.publicPem }, currentKeyVersion: 2 });
    const parkedSeq = world.sim.state.chats.latestSeq() + 1;
    for (let i = 0; i < 20; i++) say(`轮换后 ${i}`); // three more pages, all read ahead while the park is written

    expect(await puller.pullUntilCaughtUp()).toMatchObject({ inserted: 10 });
    expect(await messages().count()).toBe(world.sim.state.chats.size() - 20);
    expect(await puller.state()).toMatchObject({
      parkedSeq: String(parkedSeq),
      checkpointSeq: String(parkedSeq - 1),
    });
  });

  it('serves a file message on demand, with its name, matching the md5 WeCom reported', async () => {
    const { userid, external_userid } = relation();
    const { messages: sent } = world.sim.control.run('chat', {
      from: userid,
      to: [external_userid],
      messages: [
        { msgtype: 'file', body: { file: { filename: '报价单.pdf', fileext: 'pdf', filesize: 70_000 } } },
      ],
    }) as { messages: { msgid: string; body: { file: { md5sum: string } } }[] };
    await world.keeper.services.puller.pullUntilCaughtUp();
    const row = await messages().findOneByOrFail({ msgid: sent[0]!.msgid });
    const admin = await world.keeper.signIn([Role.Admin]);
    const file = await admin.agent
      .get(`/api/messages/${row.id}/media`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('报价单.pdf'));
    expect((file.body as Buffer).length).toBe(70_000);
    expect(
      createHash('md5')
        .update(file.body as Buffer)
        .digest('hex'),
    ).toBe(sent[0]!.body.file.md5sum);
  });

  it('searches a time range by keyword, newest first, with the exact number of matches', async () => {
    await world.keeper.services.puller.pullUntilCaughtUp();
    const admin = await world.keeper.signIn([Role.Admin]);
    const rows = await messages().find();
    const times = rows.map((row) => row.msgtime.getTime()).sort((a, b) => a - b);
    const now = Date.now();
    // A month, the newest quarter of the archive's time span (counted through the time index) and more than
    // the whole archive (counted by a scan): the same exact answer either way.
    const ranges = [
      { from: now - 30 * 86_400_000, to: now },
      { from: times.at(-1)! - (times.at(-1)! - times[0]!) / 4, to: now },
      { from: times[0]! - 400 * 86_400_000, to: now },
    ];
    for (const { from, to } of ranges) {
      const inRange = rows.filter(
        (row) => row.msgtime.getTime() >= from && row.msgtime.getTime() < to && row.searchText.includes('的'),
      );
      expect(inRange.length).toBeGreaterThan(2);
      const first = await admin.agent
        .get('/api/messages/search')
        .query({ q: '的', from: new Date(from).toISOString(), to: new Date(to).toISOString(), pageSize: 2 })
        .expect(200);
      expect(first.body.total).toBe(inRange.length);
      const newest = [...inRange].sort(
        (a, b) => b.msgtime.getTime() - a.msgtime.getTime() || Number(b.id) - Number(a.id),
      );
      expect((first.body.items as ArchivedMessage[]).map((message) => message.msgid)).toEqual(
        newest.slice(0, 2).map((row) => row.msgid),
      );
    }
  });

  it('marks a violation sent from another department as not the viewer’s to handle, in a chat they may read', async () => {
    await world.keeper.services.puller.pullUntilCaughtUp();
    const staff = [...world.sim.state.directory.staff.values()].filter((each) => each.status === 1);
    // A member of a department that leaves someone out (not the root), and a member it leaves out.
    const inside = staff.find((each) =>
      staff.some((other) => !membersUnder(world.sim, each.department[0]!).has(other.userid)),
    )!;
    const department = inside.department[0]!;
    const covered = membersUnder(world.sim, department);
    const outside = staff.find((each) => !covered.has(each.userid))!;
    // An internal chat: the manager of the inside member's department reads it through that member.
    world.sim.control.run('chat', {
      from: outside.userid,
      to: [inside.userid],
      messages: [{ msgtype: 'text', content: '加我私人微信，单独说' }],
    });
    world.sim.control.run('chat', {
      from: inside.userid,
      to: [outside.userid],
      messages: [{ msgtype: 'text', content: '好的，我加你私人微信' }],
    });
    await world.keeper.services.puller.pullUntilCaughtUp();
    const violationOf = async (memberId: string) =>
      (
        await db.dataSource
          .getRepository(ViolationEntity)
          .find({ where: { memberId }, order: { id: 'DESC' } })
      )[0]!;
    const [theirs, ours] = [await violationOf(outside.userid), await violationOf(inside.userid)];
    expect(String(theirs.conversationId)).toBe(String(ours.conversationId));

    const flags = async (account: Awaited<ReturnType<typeof world.keeper.signIn>>) => {
      const window = await account.agent
        .get(`/api/conversations/${String(theirs.conversationId)}/messages`)
        .query({ around: String(theirs.messageId) })
        .expect(200);
      const violations = (window.body.items as ArchivedMessage[]).flatMap((message) => message.violations);
      return new Map(violations.map((violation) => [violation.id, violation.otherDepartment]));
    };
    const manager = await world.keeper.signIn([Role.Manager], { departmentIds: [String(department)] });
    const seen = await flags(manager);
    expect(seen.get(String(theirs.id))).toBe(true);
    expect(seen.get(String(ours.id))).toBe(false);
    // What the flag promises is what the server does.
    const handle = (id: string | number) =>
      manager.agent
        .patch(`/api/violations/${String(id)}`)
        .set('X-CSRF-Token', manager.csrfToken)
        .send({ status: 'dismissed' });
    await handle(theirs.id).expect(404);
    await handle(ours.id).expect(200);

    const admin = await world.keeper.signIn([Role.Admin]);
    const everything = await flags(admin);
    expect(everything.get(String(theirs.id))).toBe(false);
    expect(everything.get(String(ours.id))).toBe(false);
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
