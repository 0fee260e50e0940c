import { ErrorCode, Role } from '@keeper/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';

describe('sign-in, sessions and CSRF', () => {
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

  it('signs in with the right password: httpOnly SameSite cookie, and /me names the user, roles and scope', async () => {
    await sut.services.users.create({
      username: 'wang',
      displayName: '王经理',
      password: TEST_PASSWORD,
      roles: [Role.Manager],
      departmentIds: ['2', '5'],
      wecomUserId: null,
    });
    const agent = (await import('supertest')).default.agent(sut.app.callback());
    const login = await agent
      .post('/api/auth/login')
      .send({ username: 'wang', password: TEST_PASSWORD })
      .expect(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/keeper_sid=[\w-]{40,}/);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);

    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toEqual({
      id: expect.any(Number),
      username: 'wang',
      displayName: '王经理',
      roles: ['manager'],
      permissions: expect.arrayContaining(['customers.read', 'chats.read']),
      scope: { all: false, departmentIds: ['2', '5'] },
      csrfToken: login.body.csrfToken,
    });
    expect(me.body.permissions).not.toContain('users.manage');
  });

  it('answers 401 to a wrong password and to an unknown user alike', async () => {
    await sut.signIn([Role.Staff], { username: 'zhao' });
    for (const username of ['zhao', 'nobody']) {
      const response = await sut
        .http()
        .post('/api/auth/login')
        .send({ username, password: 'wrong password' });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        code: ErrorCode.InvalidCredentials,
        message: 'Wrong username or password',
        requestId: expect.any(String),
      });
    }
  });

  it('rate limits the sixth wrong password in a row with a clear message, even with the right one', async () => {
    await sut.signIn([Role.Staff], { username: 'qian' });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await sut
        .http()
        .post('/api/auth/login')
        .send({ username: 'qian', password: 'wrong password' })
        .expect(401);
    }
    const blocked = await sut
      .http()
      .post('/api/auth/login')
      .send({ username: 'qian', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe(ErrorCode.TooManyAttempts);
    expect(blocked.body.message).toMatch(/Too many failed sign-ins\. Try again in 15 minutes/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    await sut.signIn([Role.Staff], { username: 'sun' });
    for (let round = 0; round < 2; round++) {
      for (let attempt = 0; attempt < 4; attempt++) {
        await sut.http().post('/api/auth/login').send({ username: 'sun', password: 'nope nope' }).expect(401);
      }
      await sut.http().post('/api/auth/login').send({ username: 'sun', password: TEST_PASSWORD }).expect(200);
    }
  });

  it('limits failures per IP across many accounts', async () => {
    sut = createTestApp(db, { auth: { maxFailuresPerIp: 3 } });
    for (const username of ['a1', 'a2', 'a3']) {
      await sut.http().post('/api/auth/login').send({ username, password: 'whatever1' }).expect(401);
    }
    await sut.http().post('/api/auth/login').send({ username: 'a4', password: 'whatever1' }).expect(429);
  });

  it('refuses a cookie-authenticated write without the CSRF token, and accepts it with the token', async () => {
    const { agent, csrfToken } = await sut.signIn([Role.Admin]);
    const body = { username: 'newbie', displayName: '新人', password: 'long enough pw', roles: ['staff'] };
    const refused = await agent.post('/api/users').send(body);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(ErrorCode.CsrfRejected);
    await agent.post('/api/users').set('X-CSRF-Token', 'f'.repeat(64)).send(body).expect(403);
    expect(await sut.services.users.exists('newbie')).toBe(false);
    await agent.post('/api/users').set('X-CSRF-Token', csrfToken).send(body).expect(201);
  });

  it('ends the session on sign-out', async () => {
    const { agent, csrfToken } = await sut.signIn([Role.Auditor]);
    await agent.post('/api/auth/logout').set('X-CSRF-Token', csrfToken).expect(204);
    const after = await agent.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe(ErrorCode.Unauthenticated);
  });

  it('ends every session of an account that is disabled', async () => {
    const admin = await sut.signIn([Role.Admin], { username: 'boss' });
    const staff = await sut.signIn([Role.Staff], { username: 'leaver' });
    await staff.agent.get('/api/auth/me').expect(200);
    await admin.agent
      .patch(`/api/users/${staff.userId}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ status: 'disabled' })
      .expect(200);
    await staff.agent.get('/api/auth/me').expect(401);
    const again = await sut
      .http()
      .post('/api/auth/login')
      .send({ username: 'leaver', password: TEST_PASSWORD });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe(ErrorCode.AccountDisabled);
  });

  it('rejects a malformed login body naming the field', async () => {
    const response = await sut.http().post('/api/auth/login').send({ username: '' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(ErrorCode.ValidationFailed);
    expect(response.body.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'username',
      'password',
    ]);
  });
});

describe('the first admin', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(() => db.reset());
  afterAll(() => db.close());

  it('is generated once on an empty database and can sign in', async () => {
    const sut = createTestApp(db);
    const first = await sut.services.auth.ensureInitialAdmin(undefined);
    expect(first).toEqual({
      username: 'admin',
      password: expect.stringMatching(/^[\w-]{16}$/),
      generated: true,
    });
    expect(await sut.services.auth.ensureInitialAdmin(undefined)).toBeNull();
    const login = await sut
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: first!.password });
    expect(login.status).toBe(200);
    expect(login.body.roles).toEqual(['admin']);
  });

  it('comes from the configuration when given', async () => {
    const sut = createTestApp(db);
    await sut.services.auth.ensureInitialAdmin({ username: 'root', password: 'configured password' });
    await sut
      .http()
      .post('/api/auth/login')
      .send({ username: 'root', password: 'configured password' })
      .expect(200);
  });
});

/**
 * Parallel guesses must not all reach the password check before the first failure is counted: the limiter
 * takes each attempt before argon2 runs, so at most LOGIN_MAX_FAILURES wrong passwords are ever checked.
 */
describe.each([
  { store: 'memory', redis: false },
  { store: 'Redis', redis: true },
])('sign-in limits under parallel guesses ($store)', ({ redis: useRedis }) => {
  let db: TestDatabase;
  let redis: Redis | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    if (useRedis) {
      redis = new Redis(process.env.KEEPER_TEST_REDIS ?? 'redis://127.0.0.1:6379', {
        maxRetriesPerRequest: 1,
      });
    }
  });
  afterAll(async () => {
    await redis?.quit();
    await db.close();
  });

  it('lets five of forty parallel wrong passwords be checked, then refuses even the right one', async () => {
    await db.reset();
    // Redis outlives the test: a name and an address of this run only.
    const username = `guess${process.pid}x${Date.now()}`;
    const address = `198.51.100.${1 + (Date.now() % 250)}`;
    const sut = createTestApp(db, { redis, http: { trustProxy: true }, auth: { maxFailuresPerIp: 1000 } });
    await sut.services.users.create({
      username,
      displayName: username,
      password: TEST_PASSWORD,
      roles: [Role.Staff],
      departmentIds: [],
      wecomUserId: null,
    });
    const attempt = (password: string) =>
      sut.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, index) => attempt(`wrong password ${index}`)),
    );
    const statuses = guesses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);

    const right = await attempt(TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe(ErrorCode.TooManyAttempts);
  });

  it('gives the attempt back when the password was right, so sign-ins never use up the allowance', async () => {
    await db.reset();
    const username = `owner${process.pid}x${Date.now()}`;
    const address = `203.0.113.${1 + (Date.now() % 250)}`;
    const sut = createTestApp(db, {
      redis,
      http: { trustProxy: true },
      auth: { maxFailuresPerAccount: 2, maxFailuresPerIp: 2 },
    });
    await sut.services.users.create({
      username,
      displayName: username,
      password: TEST_PASSWORD,
      roles: [Role.Staff],
      departmentIds: [],
      wecomUserId: null,
    });
    const attempt = (password: string) =>
      sut.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

    for (let signIn = 0; signIn < 4; signIn++) await attempt(TEST_PASSWORD).expect(200);
    await attempt('wrong password').expect(401);
    await attempt('wrong password').expect(401);
    await attempt(TEST_PASSWORD).expect(429);
  });
});
