import { Role } from '@keeper/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';

describe('health, metrics and status', () => {
  let db: TestDatabase;
  let sut: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.reset();
    sut = createTestApp(db);
  });
  afterAll(() => db.close());

  it('answers /healthz with the database check', async () => {
    const response = await sut.http().get('/healthz').expect(200);
    expect(response.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('serves Prometheus text on /metrics to the bearer token only, counting requests by route', async () => {
    const token = 'metrics-token-for-the-test-0123';
    const withToken = createTestApp(db, { metrics: { token } });
    await withToken.http().get('/healthz');
    await withToken
      .http()
      .get('/metrics')
      .expect(401)
      .expect('www-authenticate', /^Bearer/);
    await withToken.http().get('/metrics').set('authorization', 'Bearer not-the-token').expect(401);
    await withToken.http().get('/metrics').set('authorization', `Basic ${token}`).expect(401);
    const response = await withToken
      .http()
      .get('/metrics')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toMatch(/keeper_process_cpu_user_seconds_total \d/);
    expect(response.text).toMatch(
      /keeper_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
  });

  it('does not serve /metrics on the public port when no token is configured', async () => {
    const response = await sut.http().get('/metrics').expect(404);
    expect(response.text).not.toContain('keeper_');
  });

  it('shows the status to a signed-in user with real counts and no secrets', async () => {
    await sut.http().get('/api/system/status').expect(401);
    const { agent } = await sut.signIn([Role.Staff]);
    const response = await agent.get('/api/system/status').expect(200);
    expect(response.body).toMatchObject({
      mode: 'sandbox',
      database: { dialect: sut.config.database.dialect, ok: true },
      counts: { users: 1, activeSessions: 1 },
    });
  });

  it('hides the details of an unexpected error behind a request id', async () => {
    sut.app.middleware.splice(2, 0, async (ctx, next) => {
      if (ctx.path === '/boom') throw new Error('secret internals');
      await next();
    });
    const supertest = (await import('supertest')).default;
    const response = await supertest(sut.app.callback()).get('/boom').expect(500);
    expect(response.body).toEqual({
      code: 'internal_error',
      message: expect.stringContaining('request id'),
      requestId: response.headers['x-request-id'],
    });
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
  });
});
