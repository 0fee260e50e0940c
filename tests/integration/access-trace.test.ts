import { Role, type AccessAction } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessAuditEntity } from '../../server/src/modules/access-audit/access-audit.entity';
import { ArchiveMessageEntity } from '../../server/src/modules/archive/archive.entity';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  archiveKeyPair,
  registeredRoutes,
  startSyncedKeeperWithSimulator,
  type ArchiveKeys,
  type KeeperWithSimulator,
} from './keeper-with-simulator';

/** A phone number put on every relation, and a sentence said in a chat: neither may leave untraced. */
const PHONE = '13912345678';
const CHAT_LINE = '尾款转我个人账户就行';

/**
 * Every read route of the app, walked from its routers: each one that returns chat content or unmasked phone
 * numbers must leave an access-audit row for that very request; every other one is listed with the reason it
 * needs none, and its answer is checked to hold neither the phone nor the chat line.
 */
describe('reads of chats and phones leave a trace', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  let keys: ArchiveKeys;

  beforeAll(async () => {
    db = await openTestDatabase();
    keys = archiveKeyPair();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 120 }, { archive: keys });
    await world.keeper.services.auditRules.seedBuiltins();
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('records every read of chat content or unmasked phones, in the service that serves it', async () => {
    const relation = world.sim.state.customers
      .allFollows()
      .find((follow) => world.sim.state.directory.staff.get(follow.userid)?.status === 1)!;
    const { messages: sent } = world.sim.control.run('chat', {
      from: relation.userid,
      to: [relation.external_userid],
      messages: [
        { msgtype: 'text', content: `${CHAT_LINE}，加我私人微信` },
        { msgtype: 'file', body: { file: { filename: '合同.pdf', fileext: 'pdf', filesize: 2_000 } } },
      ],
    }) as { messages: { msgid: string }[] };
    await world.keeper.services.puller.pullUntilCaughtUp();
    await db.dataSource.query('UPDATE customer_follows SET remark_mobiles = ?', [PHONE]);
    const text = await db.dataSource
      .getRepository(ArchiveMessageEntity)
      .findOneByOrFail({ msgid: sent[0]!.msgid });
    const file = await db.dataSource
      .getRepository(ArchiveMessageEntity)
      .findOneByOrFail({ msgid: sent[1]!.msgid });
    const conversation = String(text.conversationId);
    const customer = relation.external_userid;
    const reader = await world.keeper.signIn([Role.Admin], { username: 'reader' });
    const group = [...world.sim.state.groups.values()][0]!;
    /** Any answer (JSON, a workbook, a file) as text, so it can be searched for what must not leak. */
    const read = (path: string) =>
      reader.agent
        .get(path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });

    const handoverCase = (
      await reader.agent
        .post('/api/reassign/cases')
        .set('X-CSRF-Token', reader.csrfToken)
        .send({ handoverUserId: relation.userid })
        .expect(201)
    ).body as { id: string };
    const campaign = (
      await reader.agent
        .post('/api/broadcasts')
        .set('X-CSRF-Token', reader.csrfToken)
        .send({ name: '老客回访', kind: 'customers', audience: {}, content: { text: '老客专享' } })
        .expect(201)
    ).body as { id: string };
    const channel = (
      await reader.agent
        .post('/api/channels')
        .set('X-CSRF-Token', reader.csrfToken)
        .send({ name: '展会', state: 'expo', memberIds: [relation.userid] })
        .expect(201)
    ).body as { id: string };
    const traced: Record<string, { path: string; actions: AccessAction[] }> = {
      'GET /api/customers': { path: '/api/customers', actions: ['customer.list', 'phone.reveal'] },
      'GET /api/customers/export': {
        path: '/api/customers/export',
        actions: ['customer.export', 'phone.reveal'],
      },
      'GET /api/customers/:id': {
        path: `/api/customers/${customer}`,
        actions: ['customer.view', 'phone.reveal'],
      },
      'GET /api/org/members': { path: '/api/org/members', actions: ['phone.reveal'] },
      'GET /api/conversations': { path: '/api/conversations', actions: ['conversation.list'] },
      'GET /api/conversations/:id': {
        path: `/api/conversations/${conversation}`,
        actions: ['conversation.view'],
      },
      'GET /api/conversations/:id/messages': {
        path: `/api/conversations/${conversation}/messages?limit=500`,
        actions: ['conversation.view'],
      },
      'GET /api/conversations/:id/export': {
        path: `/api/conversations/${conversation}/export`,
        actions: ['conversation.export'],
      },
      'GET /api/messages/search': {
        path: `/api/messages/search?q=${encodeURIComponent(CHAT_LINE)}`,
        actions: ['message.search'],
      },
      'GET /api/messages/:id/media': { path: `/api/messages/${file.id}/media`, actions: ['message.media'] },
      'GET /api/violations': { path: '/api/violations', actions: ['violation.list'] },
      'GET /api/users': { path: '/api/users', actions: ['users.list'] },
      'GET /api/access-audit': { path: '/api/access-audit', actions: ['access_audit.list'] },
      'GET /api/reassign/cases/:id/export': {
        path: `/api/reassign/cases/${handoverCase.id}/export`,
        actions: ['handover.export'],
      },
      'GET /api/broadcasts/:id/export': {
        path: `/api/broadcasts/${campaign.id}/export`,
        actions: ['broadcast.export'],
      },
    };
    const untraced: Record<string, { path: string; reason: string }> = {
      'GET /healthz': { path: '/healthz', reason: 'liveness' },
      'GET /metrics': { path: '/metrics', reason: 'process metrics' },
      'GET /wecom/callback': { path: '/wecom/callback', reason: "WeCom's URL check (answers 400 unsigned)" },
      'GET /api/auth/me': { path: '/api/auth/me', reason: 'the caller themselves' },
      'GET /api/system/status': { path: '/api/system/status', reason: 'versions and modes' },
      'GET /api/users/:id': { path: `/api/users/${reader.userId}`, reason: 'a console account' },
      'GET /api/org/overview': { path: '/api/org/overview', reason: 'departments and head counts' },
      'GET /api/customers/sync/latest': { path: '/api/customers/sync/latest', reason: 'a sync run' },
      'GET /api/tags': { path: '/api/tags', reason: 'corp tags and counts' },
      'GET /api/customer-groups': { path: '/api/customer-groups', reason: 'group names and head counts' },
      'GET /api/customer-groups/:chatId': {
        path: `/api/customer-groups/${group.chat_id}`,
        reason: 'group members by name',
      },
      'GET /api/alerts': { path: '/api/alerts', reason: 'who lost which customer, no chat or phone' },
      'GET /api/alerts/counts': { path: '/api/alerts/counts', reason: 'a number' },
      'GET /api/dashboard': { path: '/api/dashboard', reason: 'counts and trends' },
      'GET /api/audit-rules': { path: '/api/audit-rules', reason: 'the rules themselves' },
      'GET /api/violations/counts': { path: '/api/violations/counts', reason: 'a number' },
      'GET /api/archive/status': { path: '/api/archive/status', reason: "the puller's state" },
      'GET /api/archive/rescans': { path: '/api/archive/rescans', reason: 're-scan jobs and their progress' },
      'GET /api/archive/rescans/:id': { path: '/api/archive/rescans/1', reason: 'one re-scan job' },
      'GET /api/wecom/inbox': { path: '/api/wecom/inbox', reason: 'callback events by type and state' },
      'GET /api/wecom/inbox/counts': { path: '/api/wecom/inbox/counts', reason: 'numbers' },
      'GET /api/reassign/cases': { path: '/api/reassign/cases', reason: 'handover cases and their counts' },
      'GET /api/reassign/inbox': { path: '/api/reassign/inbox', reason: 'a number' },
      'GET /api/reassign/cases/:id': {
        path: `/api/reassign/cases/${handoverCase.id}`,
        reason: 'one case and its counts',
      },
      'GET /api/broadcasts/segments': {
        path: '/api/broadcasts/segments',
        reason: 'saved audience filters and their counts',
      },
      'GET /api/reassign/cases/:id/items': {
        path: `/api/reassign/cases/${handoverCase.id}/items`,
        reason: 'customer and group names with their handover state, no chat or phone',
      },
      'GET /api/broadcasts': { path: '/api/broadcasts', reason: 'campaigns, their content and counts' },
      'GET /api/broadcasts/settings': { path: '/api/broadcasts/settings', reason: 'the receive rule' },
      'GET /api/broadcasts/:id': { path: `/api/broadcasts/${campaign.id}`, reason: 'one campaign' },
      'GET /api/broadcasts/:id/funnel': {
        path: `/api/broadcasts/${campaign.id}/funnel`,
        reason: 'counts by sender and department',
      },
      'GET /api/broadcasts/:id/recipients': {
        path: `/api/broadcasts/${campaign.id}/recipients`,
        reason: 'customer names and their delivery state, no chat or phone',
      },
      'GET /api/broadcasts/reached/:externalUserId': {
        path: `/api/broadcasts/reached/${customer}`,
        reason: "the campaigns that reached a customer, shown on the customer's page (itself traced)",
      },
      'GET /api/materials': {
        path: '/api/materials',
        reason: 'the materials library: titles, links, file names',
      },
      'GET /api/channels': { path: '/api/channels', reason: 'channel codes, their members and figures' },
      'GET /api/channels/:id/qrcode.png': {
        path: `/api/channels/${channel.id}/qrcode.png`,
        reason: 'the QR image WeCom made for a channel code',
      },
      'GET /api/materials/:id/file': {
        path: '/api/materials/1/file',
        reason: "a material's file: marketing content, no chat or phone",
      },
    };

    const routes = readRoutes();
    expect(routes.filter((route) => !(route in traced) && !(route in untraced))).toEqual([]);
    expect([...Object.keys(traced), ...Object.keys(untraced)].filter((r) => !routes.includes(r))).toEqual([]);

    for (const [route, { path, actions }] of Object.entries(traced)) {
      const response = await read(path);
      expect(response.status, route).toBe(200);
      const rows = await db.dataSource
        .getRepository(AccessAuditEntity)
        .findBy({ requestId: String(response.headers['x-request-id']) });
      expect(rows.map((row) => row.action).sort(), route).toEqual([...actions].sort());
      expect(rows.every((row) => row.username === 'reader')).toBe(true);
    }
    // A member picker asks for phones masked: nothing is shown, so nothing is recorded.
    const picker = await read('/api/org/members?masked=true');
    const mobiles = (JSON.parse(picker.body as string) as { items: { mobile: string | null }[] }).items
      .map((member) => member.mobile)
      .filter((mobile): mobile is string => Boolean(mobile));
    expect(mobiles.length).toBeGreaterThan(0);
    expect(mobiles.every((mobile) => mobile.includes('*'))).toBe(true);
    expect(
      await db.dataSource
        .getRepository(AccessAuditEntity)
        .countBy({ requestId: String(picker.headers['x-request-id']) }),
    ).toBe(0);
    for (const [route, { path }] of Object.entries(untraced)) {
      const response = await read(path);
      expect(response.status, route).toBeLessThan(500);
      const body = response.body as string;
      expect(body.includes(PHONE) || body.includes(CHAT_LINE), `${route} shows a phone or chat`).toBe(false);
    }
  });

  /** "GET /path" of every read route registered on the app's routers. */
  function readRoutes(): string[] {
    const routes = new Set(
      registeredRoutes(world.keeper.app)
        .filter((route) => route.method === 'GET')
        .map((route) => `GET ${route.path}`),
    );
    expect(routes.size).toBeGreaterThan(10);
    return [...routes].sort();
  }
});
