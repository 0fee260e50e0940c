import { Role, type AuditRule } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ViolationEntity } from '../../server/src/modules/audit/audit.entity';
import type { TestApp } from '../../server/src/test/test-app';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  registeredRoutes,
  startSyncedKeeperWithSimulator,
  type KeeperWithSimulator,
} from './keeper-with-simulator';
import { sharedCustomerAcrossDepartments } from './scope-fixtures';

type Caller = Pick<Awaited<ReturnType<TestApp['signIn']>>, 'agent' | 'csrfToken'>;
type Attempt = ReturnType<Caller['agent']['post']>;

/** One out-of-scope attempt at a route: the request, and the records it must leave as they were. */
interface OutOfScopeCase {
  attempts: ((caller: Caller) => Attempt)[];
  /** Keeper's tables that the route writes to. */
  tables: string[];
  /** What the simulated WeCom holds that the route would change there. */
  wecom?: () => unknown;
}

/** Routes that change something but have no department scope, each with the reason. */
const UNSCOPED: Record<string, string> = {
  'POST /api/auth/login': 'signs in: there is no caller yet',
  'POST /api/auth/logout': "ends the caller's own session only",
  'POST /wecom/callback': "WeCom's own callback, authenticated by its signature, not by a session",
  'POST /api/materials': "the materials library is the corp's: no department owns a material",
  'PUT /api/materials/:id': "the materials library is the corp's: no department owns a material",
  'DELETE /api/materials/:id': "the materials library is the corp's: no department owns a material",
};

/**
 * Every route that changes something, walked from the app's routers, tried by an account that holds every
 * role short of admin but is limited to one department: each attempt at a target outside that department (or
 * at something the whole corp shares) must be refused with 403/404 and change nothing, in Keeper or in WeCom.
 */
describe('writes stay within the caller’s scope', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 200 });
    await world.keeper.services.auditRules.seedBuiltins();
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('refuses every mutating route aimed outside the scope and changes nothing', async () => {
    const { customer, inside, outside, department, otherDepartment } = sharedCustomerAcrossDepartments(
      world.sim,
    );
    const admin = await world.keeper.signIn([Role.Admin]);
    const scoped = await world.keeper.signIn([Role.Manager, Role.Auditor, Role.Marketer, Role.Staff], {
      departmentIds: [department],
    });
    const simTags = () =>
      world.sim.state.tags.groups.map((each) => ({ ...each, tags: each.tags.map((t) => ({ ...t })) }));
    const tag = world.sim.state.tags.groups[0]!.tags[0]!;
    const group = world.sim.state.tags.groups[0]!;
    const simRelation = () => {
      const follow = world.sim.state.customers.follow(outside, customer)!;
      return { remark: follow.remark, description: follow.description, tagIds: [...follow.tagIds] };
    };

    const rules = (await admin.agent.get('/api/audit-rules').expect(200)).body as AuditRule[];
    const corpWide = rules.find((rule) => rule.enabled && rule.departmentIds.length === 0)!;
    const created = await admin.agent
      .post('/api/audit-rules')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({
        name: '其他部门关键词',
        kind: 'keywords',
        severity: 'high',
        patterns: ['回扣'],
        departmentIds: [otherDepartment],
      })
      .expect(201);
    const elsewhere = created.body as AuditRule;
    const openCase = async (member: string) =>
      (
        await admin.agent
          .post('/api/reassign/cases')
          .set('X-CSRF-Token', admin.csrfToken)
          .send({ handoverUserId: member })
          .expect(201)
      ).body as { id: string };
    const outsideCase = await openCase(outside);
    const insideCase = await openCase(inside);
    const planTo = (receiver: string) => ({
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: [receiver] },
    });
    const violation = await db.dataSource.getRepository(ViolationEntity).insert({
      ruleId: Number(corpWide.id),
      messageId: '1',
      conversationId: '1',
      memberId: outside,
      severity: 'high',
      matched: '私人微信',
      excerpt: '加我私人微信',
      status: 'new',
      occurredAt: new Date(),
    });
    const alertId = await db.dataSource.transaction((manager) =>
      world.keeper.services.alerts.raise(manager, {
        kind: 'member_deleted_customer',
        userId: outside,
        externalUserId: customer,
        occurredAt: new Date(),
        dedupeKey: `test:${outside}:${customer}`,
      }),
    );

    const elsewhereMarketer = await world.keeper.signIn([Role.Marketer], {
      departmentIds: [otherDepartment],
    });
    const elsewhereSegment = (
      await elsewhereMarketer.agent
        .post('/api/broadcasts/segments')
        .set('X-CSRF-Token', elsewhereMarketer.csrfToken)
        .send({ name: '其他部门的分群', filter: {} })
        .expect(201)
    ).body as { id: string };

    const elsewhereCampaign = (
      await elsewhereMarketer.agent
        .post('/api/broadcasts')
        .set('X-CSRF-Token', elsewhereMarketer.csrfToken)
        .send({ name: '其他部门的群发', kind: 'customers', audience: {}, content: { text: '新品到店' } })
        .expect(201)
    ).body as { id: string };
    const pendingCampaign = (
      await elsewhereMarketer.agent
        .post('/api/broadcasts')
        .set('X-CSRF-Token', elsewhereMarketer.csrfToken)
        .send({ name: '待审批的群发', kind: 'customers', audience: {}, content: { text: '会员日' } })
        .expect(201)
    ).body as { id: string };
    await admin.agent
      .put('/api/broadcasts/settings')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ receiveRule: 'month', approvalRequired: true })
      .expect(200);
    await elsewhereMarketer.agent
      .post(`/api/broadcasts/${pendingCampaign.id}/submit`)
      .set('X-CSRF-Token', elsewhereMarketer.csrfToken)
      .expect(200);
    const elsewhereChannel = (
      await elsewhereMarketer.agent
        .post('/api/channels')
        .set('X-CSRF-Token', elsewhereMarketer.csrfToken)
        .send({ name: '其他部门的活码', state: 'elsewhere', memberIds: [outside] })
        .expect(201)
    ).body as { id: string; configId: string };
    const channelInput = (memberIds: string[], backupMemberIds: string[] = []) => ({
      name: '越权活码',
      state: 'out-of-scope',
      memberIds,
      backupMemberIds,
    });
    const simWays = () =>
      [...world.sim.state.contactWays.values()].map((way) => ({ ...way, user: [...way.user] }));
    const campaignTables = [
      'broadcast_campaigns',
      'broadcast_recipients',
      'broadcast_tasks',
      'broadcast_reminders',
    ];

    const post = (path: string, body: object) => (c: Caller) =>
      c.agent.post(path).set('X-CSRF-Token', c.csrfToken).send(body);
    const put = (path: string, body: object) => (c: Caller) =>
      c.agent.put(path).set('X-CSRF-Token', c.csrfToken).send(body);
    const patch = (path: string, body: object) => (c: Caller) =>
      c.agent.patch(path).set('X-CSRF-Token', c.csrfToken).send(body);
    const del = (path: string) => (c: Caller) => c.agent.delete(path).set('X-CSRF-Token', c.csrfToken);
    const ruleBody = (departmentIds: string[], enabled = true) => ({
      name: '规则',
      kind: 'keywords',
      severity: 'medium',
      patterns: ['返点'],
      departmentIds,
      enabled,
    });

    const cases: Record<string, OutOfScopeCase> = {
      'POST /api/customers/:id/remark': {
        // The customer is shared, so it is visible; the relation is another department member's.
        attempts: [post(`/api/customers/${customer}/remark`, { userId: outside, remark: '改了别人的备注' })],
        tables: ['customer_follows', 'customer_events'],
        wecom: simRelation,
      },
      'POST /api/customers/:id/tags': {
        attempts: [post(`/api/customers/${customer}/tags`, { userId: outside, add: [tag.id] })],
        tables: ['customer_follow_tags', 'customer_events'],
        wecom: simRelation,
      },
      'POST /api/tags': {
        attempts: [post('/api/tags', { groupId: group.group_id, tags: [{ name: '部门新标签' }] })],
        tables: ['corp_tags', 'corp_tag_groups'],
        wecom: simTags,
      },
      'PATCH /api/tags/:id': {
        attempts: [patch(`/api/tags/${tag.id}`, { name: '改名' })],
        tables: ['corp_tags'],
        wecom: simTags,
      },
      'DELETE /api/tags/:id': {
        attempts: [del(`/api/tags/${tag.id}`)],
        tables: ['corp_tags', 'customer_follow_tags'],
        wecom: simTags,
      },
      'DELETE /api/tag-groups/:id': {
        attempts: [del(`/api/tag-groups/${group.group_id}`)],
        tables: ['corp_tag_groups', 'corp_tags', 'customer_follow_tags'],
        wecom: simTags,
      },
      'POST /api/audit-rules': {
        attempts: [
          post('/api/audit-rules', ruleBody([otherDepartment])),
          post('/api/audit-rules', ruleBody([])),
        ],
        tables: ['audit_rules'],
      },
      'PUT /api/audit-rules/:id': {
        attempts: [
          put(`/api/audit-rules/${corpWide.id}`, {
            ...ruleBody([], false),
            kind: corpWide.kind,
            patterns: corpWide.patterns,
          }),
          // Narrowing a corp-wide rule to one's own department takes it away from everyone else.
          put(`/api/audit-rules/${corpWide.id}`, {
            ...ruleBody([department]),
            kind: corpWide.kind,
            patterns: corpWide.patterns,
          }),
          put(`/api/audit-rules/${elsewhere.id}`, ruleBody([otherDepartment], false)),
        ],
        tables: ['audit_rules'],
      },
      'DELETE /api/audit-rules/:id': {
        attempts: [del(`/api/audit-rules/${elsewhere.id}`)],
        tables: ['audit_rules'],
      },
      'POST /api/archive/rescans': {
        attempts: [
          post('/api/archive/rescans', {
            from: new Date(Date.now() - 86_400_000).toISOString(),
            to: new Date().toISOString(),
          }),
        ],
        tables: ['rescan_jobs', 'violations'],
      },
      'PATCH /api/violations/:id': {
        attempts: [patch(`/api/violations/${String(violation.identifiers[0]!.id)}`, { status: 'dismissed' })],
        tables: ['violations'],
      },
      'PATCH /api/alerts/:id': {
        attempts: [patch(`/api/alerts/${alertId!}`, { status: 'resolved', note: '不是我部门的' })],
        tables: ['alerts'],
      },
      'POST /api/org/sync': { attempts: [post('/api/org/sync', {})], tables: ['sync_runs'] },
      'POST /api/customers/sync': { attempts: [post('/api/customers/sync', {})], tables: ['sync_runs'] },
      'POST /api/users': {
        attempts: [
          post('/api/users', {
            username: 'x1',
            displayName: 'x',
            password: 'long enough password',
            roles: ['admin'],
          }),
        ],
        tables: ['users', 'user_roles', 'user_scopes'],
      },
      'PATCH /api/users/:id': {
        attempts: [patch(`/api/users/${admin.userId}`, { disabled: true })],
        tables: ['users', 'user_roles', 'user_scopes'],
      },
      'POST /api/wecom/inbox/retry': {
        attempts: [post('/api/wecom/inbox/retry', { ids: ['1'] })],
        tables: ['wecom_inbox'],
      },
      'POST /api/wecom/checks': { attempts: [post('/api/wecom/checks', {})], tables: ['wecom_state'] },
      'POST /api/archive/resume': { attempts: [post('/api/archive/resume', {})], tables: ['archive_state'] },
      'POST /api/reassign/cases': {
        attempts: [post('/api/reassign/cases', { handoverUserId: outside })],
        tables: ['handover_cases', 'handover_items'],
      },
      'POST /api/reassign/cases/:id/preview': {
        attempts: [
          post(`/api/reassign/cases/${outsideCase.id}/preview`, planTo(inside)),
          post(`/api/reassign/cases/${insideCase.id}/preview`, planTo(outside)),
        ],
        tables: ['handover_items'],
      },
      'POST /api/reassign/cases/:id/plan': {
        attempts: [
          post(`/api/reassign/cases/${outsideCase.id}/plan`, planTo(inside)),
          // The member is the caller's, the receiver is not: a manager hands over within their departments.
          post(`/api/reassign/cases/${insideCase.id}/plan`, planTo(outside)),
        ],
        tables: ['handover_items', 'handover_cases', 'handover_batches'],
        wecom: () => world.sim.state.transfers.length,
      },
      'POST /api/reassign/cases/:id/replan': {
        attempts: [
          post(`/api/reassign/cases/${outsideCase.id}/replan`, { receiver: inside }),
          post(`/api/reassign/cases/${insideCase.id}/replan`, { receiver: outside }),
        ],
        tables: ['handover_items'],
      },
      'POST /api/reassign/cases/:id/refresh': {
        attempts: [post(`/api/reassign/cases/${outsideCase.id}/refresh`, {})],
        tables: ['handover_items', 'handover_polls', 'handover_cases'],
      },
      'POST /api/broadcasts/audience/count': {
        // Counting writes nothing, but naming another department's owners is refused, not answered with zero.
        attempts: [
          post('/api/broadcasts/audience/count', { filter: { ownerIds: [outside] } }),
          post('/api/broadcasts/audience/count', { filter: { ownerDepartmentIds: [otherDepartment] } }),
        ],
        tables: ['broadcast_segments'],
      },
      'POST /api/broadcasts/segments': {
        attempts: [
          post('/api/broadcasts/segments', { name: '越权分群', filter: { ownerIds: [outside] } }),
          post('/api/broadcasts/segments', {
            name: '越权分群',
            filter: { ownerDepartmentIds: [otherDepartment] },
          }),
        ],
        tables: ['broadcast_segments'],
      },
      'PUT /api/broadcasts/segments/:id': {
        attempts: [put(`/api/broadcasts/segments/${elsewhereSegment.id}`, { name: '改了', filter: {} })],
        tables: ['broadcast_segments'],
      },
      'DELETE /api/broadcasts/segments/:id': {
        attempts: [del(`/api/broadcasts/segments/${elsewhereSegment.id}`)],
        tables: ['broadcast_segments'],
      },
      'POST /api/broadcasts': {
        attempts: [
          post('/api/broadcasts', { name: '越权群发', kind: 'customers', audience: { ownerIds: [outside] } }),
          post('/api/broadcasts', {
            name: '越权群发',
            kind: 'customers',
            audience: { ownerDepartmentIds: [otherDepartment] },
          }),
          post('/api/broadcasts', {
            name: '越权通知',
            kind: 'staff',
            staffAudience: { memberIds: [outside] },
            staffMessage: { msgtype: 'text', content: '开会' },
          }),
        ],
        tables: campaignTables,
      },
      'PUT /api/broadcasts/:id': {
        attempts: [
          put(`/api/broadcasts/${elsewhereCampaign.id}`, { name: '改了', kind: 'customers', audience: {} }),
        ],
        tables: campaignTables,
      },
      'DELETE /api/broadcasts/:id': {
        attempts: [del(`/api/broadcasts/${elsewhereCampaign.id}`)],
        tables: campaignTables,
      },
      'POST /api/broadcasts/:id/preview': {
        attempts: [post(`/api/broadcasts/${elsewhereCampaign.id}/preview`, {})],
        tables: campaignTables,
      },
      'POST /api/broadcasts/:id/submit': {
        attempts: [post(`/api/broadcasts/${elsewhereCampaign.id}/submit`, {})],
        tables: campaignTables,
      },
      'POST /api/broadcasts/:id/approve': {
        attempts: [post(`/api/broadcasts/${pendingCampaign.id}/approve`, {})],
        tables: campaignTables,
      },
      'POST /api/broadcasts/:id/reject': {
        attempts: [post(`/api/broadcasts/${pendingCampaign.id}/reject`, { reason: '越权驳回' })],
        tables: campaignTables,
      },
      'POST /api/broadcasts/:id/cancel': {
        attempts: [post(`/api/broadcasts/${pendingCampaign.id}/cancel`, {})],
        tables: campaignTables,
      },
      'POST /api/broadcasts/:id/remind': {
        attempts: [post(`/api/broadcasts/${pendingCampaign.id}/remind`, { via: 'bot' })],
        tables: campaignTables,
        wecom: () => world.sim.state.outbox.length,
      },
      'POST /api/broadcasts/:id/refresh': {
        attempts: [post(`/api/broadcasts/${pendingCampaign.id}/refresh`, {})],
        tables: campaignTables,
      },
      'PUT /api/broadcasts/settings': {
        // The receive rule and approval are the corp's: a department-scoped account may not set them.
        attempts: [put('/api/broadcasts/settings', { receiveRule: 'day', approvalRequired: false })],
        tables: ['settings'],
      },
      'POST /api/channels': {
        attempts: [
          post('/api/channels', channelInput([outside])),
          post('/api/channels', channelInput([inside], [outside])),
          post('/api/channels', {
            ...channelInput([inside]),
            shifts: [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', memberIds: [outside] }],
          }),
        ],
        tables: ['channel_codes'],
        wecom: simWays,
      },
      'PUT /api/channels/:id': {
        attempts: [
          put(`/api/channels/${elsewhereChannel.id}`, channelInput([inside])),
          put(`/api/channels/${elsewhereChannel.id}`, { ...channelInput([outside]), state: 'elsewhere' }),
        ],
        tables: ['channel_codes'],
        wecom: simWays,
      },
      'PATCH /api/channels/:id': {
        attempts: [patch(`/api/channels/${elsewhereChannel.id}`, { enabled: false })],
        tables: ['channel_codes'],
        wecom: simWays,
      },
      'DELETE /api/channels/:id': {
        attempts: [del(`/api/channels/${elsewhereChannel.id}`)],
        tables: ['channel_codes'],
        wecom: simWays,
      },
      'PUT /api/archive/retention': {
        attempts: [put('/api/archive/retention', { days: 1 })],
        tables: ['settings'],
      },
    };

    const routes = mutatingRoutes();
    const unknown = routes.filter((route) => !(route in cases) && !(route in UNSCOPED));
    expect(unknown, 'mutating routes without an out-of-scope case').toEqual([]);
    expect(Object.keys(cases).filter((route) => !routes.includes(route))).toEqual([]);

    for (const [route, { attempts, tables, wecom }] of Object.entries(cases)) {
      for (const attempt of attempts) {
        const before = { db: await snapshot(tables), wecom: wecom?.() };
        const response = await attempt(scoped);
        expect([403, 404], `${route} answered ${response.status}`).toContain(response.status);
        expect({ db: await snapshot(tables), wecom: wecom?.() }, `${route} changed something`).toEqual(
          before,
        );
      }
    }

    // The same account still writes within its department: the refusals above are about scope, not role.
    await post(`/api/customers/${customer}/remark`, { userId: inside, remark: '本部门的备注' })(
      scoped,
    ).expect(200);
    expect(world.sim.state.customers.follow(inside, customer)!.remark).toBe('本部门的备注');
    await post('/api/broadcasts/segments', {
      name: '本部门分群',
      filter: { ownerDepartmentIds: [department] },
    })(scoped).expect(201);
    const own = await post('/api/audit-rules', ruleBody([department]))(scoped).expect(201);
    await put(
      `/api/audit-rules/${(own.body as AuditRule).id}`,
      ruleBody([department], false),
    )(scoped).expect(200);
  });

  /** "METHOD /path" of every route registered on the app's routers that is not a read. */
  function mutatingRoutes(): string[] {
    const routes = new Set(
      registeredRoutes(world.keeper.app)
        .filter((route) => !['GET', 'HEAD', 'OPTIONS'].includes(route.method))
        .map((route) => `${route.method} ${route.path}`),
    );
    expect(routes.size).toBeGreaterThan(10);
    return [...routes].sort();
  }

  async function snapshot(tables: string[]): Promise<Record<string, unknown[]>> {
    const rows: Record<string, unknown[]> = {};
    for (const table of tables)
      rows[table] = (await db.dataSource.query(`SELECT * FROM ${table}`)) as unknown[];
    for (const table of tables)
      rows[table]!.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return rows;
  }
});
