import { Role } from '@keeper/shared';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config';
import { FreezableProxy } from '../test/freezable-proxy';
import { createTestApp, type TestApp } from '../test/test-app';
import { openTestDatabase, type TestDatabase } from '../test/test-database';
import { openDataSource } from './data-source';

/** MariaDB behind a proxy that stops forwarding: the server freezes, the network stays up. */
describe('a database that stops answering', () => {
  let db: TestDatabase;
  let proxy: FreezableProxy;
  let dataSource: DataSource;
  let sut: TestApp;

  beforeAll(async () => {
    db = await openTestDatabase();
    await db.reset();
    const { database } = loadConfig();
    if (database.dialect !== 'mysql') throw new Error('this test needs MariaDB');
    const url = new URL(database.url);
    proxy = await FreezableProxy.start(url.hostname, Number(url.port || 3306));
    url.host = `127.0.0.1:${proxy.port}`;
    dataSource = await openDataSource({
      dialect: 'mysql',
      url: url.toString(),
      connectTimeoutMs: 1_000,
      queryTimeoutMs: 2_000,
    });
    sut = createTestApp({ ...db, dataSource });
  });
  afterAll(async () => {
    proxy.thaw();
    await dataSource.destroy();
    await proxy.close();
    await db.close();
  });

  it('answers /healthz 503 within 2 s, fails API requests with a clear error, and recovers', async () => {
    const { agent } = await sut.signIn([Role.Admin]);
    await sut.http().get('/healthz').expect(200);
    proxy.freeze();

    let started = Date.now();
    const health = await sut.http().get('/healthz');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', checks: { database: 'down' } });

    started = Date.now();
    const me = await agent.get('/api/auth/me');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(me.status).toBe(503);
    expect(me.body).toMatchObject({ code: 'database_unavailable', message: 'The database is not answering' });

    // A request while every pooled connection is stuck must not queue behind them for ever either. Each
    // sign-in names its own account, so the per-account login limit (which counts attempts in flight) stays out.
    started = Date.now();
    const writes = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        sut
          .http()
          .post('/api/auth/login')
          .send({ username: `x${index}`, password: 'y' }),
      ),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(new Set(writes.map((response) => response.status))).toEqual(new Set([503]));

    proxy.thaw();
    // Connections that timed out were dropped, not handed out again: fresh ones serve at once.
    await sut.http().get('/healthz').expect(200);
    await agent.get('/api/auth/me').expect(200);
  });
});
