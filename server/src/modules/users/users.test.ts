import { ErrorCode, Role } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';

describe('user management API', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let admin: Awaited<ReturnType<TestApp['signIn']>>;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    sut = createTestApp(db);
    admin = await sut.signIn([Role.Admin], { username: 'admin' });
  });
  afterAll(() => db.close());

  const create = (body: object) =>
    admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrfToken).send(body);

  it('creates an account with roles and department scope', async () => {
    const response = await create({
      username: 'li.auditor',
      displayName: '李审计',
      password: 'a long password',
      roles: ['auditor', 'marketer'],
      departmentIds: ['3'],
    }).expect(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      username: 'li.auditor',
      displayName: '李审计',
      roles: ['auditor', 'marketer'],
      scope: { all: false, departmentIds: ['3'] },
      wecomUserId: null,
      status: 'active',
      lastLoginAt: null,
      createdAt: expect.any(String),
    });
  });

  it('lists with search, role filter and paging', async () => {
    for (const [username, role] of [
      ['zhang', 'manager'],
      ['zhou', 'staff'],
      ['zheng', 'manager'],
    ] as const) {
      await create({ username, displayName: username, password: 'a long password', roles: [role] }).expect(
        201,
      );
    }
    const managers = await admin.agent.get('/api/users').query({ role: 'manager' }).expect(200);
    expect(managers.body.items.map((user: { username: string }) => user.username)).toEqual([
      'zhang',
      'zheng',
    ]);
    const page = await admin.agent.get('/api/users').query({ q: 'zh', pageSize: 2, page: 2 }).expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(1);
  });

  it('explains a bad request field by field and a taken username as a conflict', async () => {
    const bad = await create({ username: 'x', displayName: '', password: 'short', roles: ['wizard'] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'displayName',
      'password',
      'roles.0',
      'username',
    ]);
    await create({ username: 'dup', displayName: 'a', password: 'a long password', roles: ['staff'] }).expect(
      201,
    );
    const taken = await create({
      username: 'dup',
      displayName: 'b',
      password: 'a long password',
      roles: ['staff'],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe(ErrorCode.Conflict);
  });

  it('changes roles, scope and password; the new password works and the old one does not', async () => {
    const created = await create({
      username: 'wu',
      displayName: '吴',
      password: 'first password',
      roles: ['staff'],
    });
    await admin.agent
      .patch(`/api/users/${created.body.id}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ roles: ['manager'], departmentIds: ['7', '8'], password: 'second password' })
      .expect(200)
      .expect((response) => expect(response.body.scope).toEqual({ all: false, departmentIds: ['7', '8'] }));
    await sut.http().post('/api/auth/login').send({ username: 'wu', password: 'first password' }).expect(401);
    const login = await sut
      .http()
      .post('/api/auth/login')
      .send({ username: 'wu', password: 'second password' });
    expect(login.body.roles).toEqual(['manager']);
  });

  it('does not let an admin lock themselves out', async () => {
    const response = await admin.agent
      .patch(`/api/users/${admin.userId}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ status: 'disabled' });
    expect(response.status).toBe(409);
  });

  it.each([Role.Manager, Role.Auditor, Role.Marketer, Role.Staff])('is forbidden to %s', async (role) => {
    const user = await sut.signIn([role]);
    const response = await user.agent.get('/api/users');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe(ErrorCode.Forbidden);
  });

  it('needs a session', async () => {
    await sut.http().get('/api/users').expect(401);
  });
});
