import { AccessAction, Role } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';

describe('access audit', () => {
  let db: TestDatabase;
  let sut: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    sut = createTestApp(db);
  });
  afterAll(() => db.close());

  it('records who read what, and lists newest first with filters', async () => {
    const auditor = await sut.signIn([Role.Auditor], { username: 'auditor1' });
    const actor = (await sut.services.users.loadAuthUser(auditor.userId))!;
    await sut.services.accessAudit.record(
      { user: actor, ip: '10.0.0.8', requestId: 'req-1' },
      {
        action: AccessAction.ConversationView,
        targetType: 'conversation',
        targetId: 'wm123',
        detail: { from: 'x' },
      },
    );
    await sut.services.accessAudit.record(
      { user: actor, ip: '10.0.0.8', requestId: 'req-2' },
      { action: AccessAction.ConversationExport, targetType: 'conversation', targetId: 'wm123' },
    );

    const admin = await sut.signIn([Role.Admin], { username: 'root' });
    const all = await admin.agent.get('/api/access-audit').expect(200);
    expect(all.body.items.map((row: { action: string }) => row.action)).toEqual([
      'conversation.export',
      'conversation.view',
    ]);
    expect(all.body.items[1]).toEqual({
      id: expect.any(String),
      userId: auditor.userId,
      username: 'auditor1',
      action: 'conversation.view',
      targetType: 'conversation',
      targetId: 'wm123',
      detail: { from: 'x' },
      ip: '10.0.0.8',
      requestId: 'req-1',
      at: expect.any(String),
    });

    const filtered = await admin.agent
      .get('/api/access-audit')
      .query({ action: 'conversation.view', username: 'auditor1' })
      .expect(200);
    expect(filtered.body.total).toBe(1);

    // The admin's own reading of the log was recorded too.
    const reads = await admin.agent
      .get('/api/access-audit')
      .query({ action: 'access_audit.list' })
      .expect(200);
    expect(reads.body.items[0].username).toBe('root');
  });

  it('filters by time range', async () => {
    const admin = await sut.signIn([Role.Admin]);
    const actor = (await sut.services.users.loadAuthUser(admin.userId))!;
    await sut.services.accessAudit.record(
      { user: actor, ip: '::1', requestId: 'r' },
      { action: AccessAction.CustomerExport },
    );
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await admin.agent
      .get('/api/access-audit')
      .query({ from: future, action: 'customer.export' })
      .expect(200);
    expect(none.body.total).toBe(0);
    const past = new Date(Date.now() - 60_000).toISOString();
    const some = await admin.agent
      .get('/api/access-audit')
      .query({ from: past, action: 'customer.export' })
      .expect(200);
    expect(some.body.total).toBe(1);
  });

  it('is readable by admins only', async () => {
    const manager = await sut.signIn([Role.Manager]);
    await manager.agent.get('/api/access-audit').expect(403);
  });
});
