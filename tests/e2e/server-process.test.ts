import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/keeper-with-simulator';
import { runKeeperExpectingFailure, startKeeperProcess, type KeeperProcess } from './keeper-process';
import { corpEnv } from './simulated-corp';

const MARIADB = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';

describe('the built server as a process', () => {
  it('refuses to start on an invalid configuration and names every bad key', async () => {
    const { code, output } = await runKeeperExpectingFailure({
      PORT: 'http',
      DATABASE_URL: 'postgres://db/keeper',
    });
    expect(code).toBe(78);
    expect(output).toContain('PORT');
    expect(output).toContain('DATABASE_URL: must be a mysql:// URL');
  });

  describe('on SQLite', () => {
    let keeper: KeeperProcess;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-e2e-'));
    beforeAll(async () => {
      keeper = await startKeeperProcess({
        SQLITE_PATH: path.join(dataDir, 'keeper.sqlite'),
        KEEPER_ADMIN_USER: 'admin',
        KEEPER_ADMIN_PASSWORD: 'e2e password 123',
        METRICS_PORT: '0',
      });
    });
    afterAll(async () => {
      await keeper.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('signs in over HTTP, answers /me with the role, and serves /healthz', async () => {
      const login = await fetch(`${keeper.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'e2e password 123' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = (await (await fetch(`${keeper.url}/api/auth/me`, { headers: { cookie } })).json()) as {
        roles: string[];
      };
      expect(me.roles).toEqual(['admin']);
      expect((await fetch(`${keeper.url}/healthz`)).status).toBe(200);
    });

    it('serves /metrics on its own 127.0.0.1 listener, and refuses them on the public port', async () => {
      const publicMetrics = await fetch(`${keeper.url}/metrics`);
      expect(publicMetrics.status).toBe(404);
      expect(await publicMetrics.text()).not.toContain('keeper_');
      const listening = /"host":"([^"]+)","port":(\d+),"msg":"metrics listening"/.exec(keeper.output());
      expect(listening?.[1]).toBe('127.0.0.1');
      const metrics = await fetch(`http://127.0.0.1:${listening?.[2]}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^# HELP keeper_/m);
      expect((await fetch(`http://127.0.0.1:${listening?.[2]}/api/auth/me`)).status).toBe(404);
    });

    it('serves the console for deep links, those under /wecom/ beside the callback too', async () => {
      for (const link of ['/system/users', '/wecom/inbox', '/wecom/checks']) {
        const page = await fetch(`${keeper.url}${link}`, { headers: { accept: 'text/html' } });
        expect({ link, status: page.status }).toEqual({ link, status: 200 });
        expect(await page.text()).toContain('<div id="app">');
      }
    });

    it('shuts down gracefully on SIGTERM', async () => {
      const separate = await startKeeperProcess({ SQLITE_PATH: path.join(dataDir, 'other.sqlite') });
      expect(await separate.stop()).toBe(0);
      expect(separate.output()).toContain('stopped');
    });
  });

  describe('on MariaDB with the simulator', () => {
    const database = `keeper_e2e_${process.pid}`;
    let sim: Awaited<ReturnType<typeof startSimulator>>;
    beforeAll(async () => {
      sim = await startSimulator({
        port: 0,
        customers: 100,
        callbacks: { timeoutMs: 2_000, retryIntervalMs: 100 },
      });
    });
    afterAll(async () => {
      await sim.close();
      const connection = await mysql.createConnection(MARIADB);
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await connection.end();
    });

    it('handles a callback after a crash between answering WeCom and handling it', async () => {
      const env = { DATABASE_URL: `${MARIADB}/${database}`, ...corpEnv(sim) };
      // This process answers callbacks but runs no jobs, so it dies with the event stored and not handled.
      const receiver = await startKeeperProcess({ ...env, KEEPER_RUN_JOBS: 'false' });
      sim.control.setCallbackUrl(`${receiver.url}/wecom/callback`);
      const leaver = [...sim.state.directory.staff.values()].find((staff) => staff.status === 1)!;
      sim.control.run('member-leaves', { userid: leaver.userid });
      await sim.control.callbacksIdle();
      expect(sim.control.callbackLog().at(-1)).toMatchObject({ status: 'delivered' });
      await receiver.kill();

      const connection = await mysql.createConnection(`${MARIADB}/${database}`);
      try {
        const [pending] = await connection.query('SELECT status FROM wecom_inbox');
        expect(pending).toEqual([{ status: 'pending' }]);

        const worker = await startKeeperProcess(env);
        try {
          const deadline = Date.now() + 20_000;
          let status: unknown;
          while (Date.now() < deadline) {
            const [rows] = await connection.query(
              'SELECT status, departed_at FROM members WHERE userid = ?',
              [leaver.userid],
            );
            status = (rows as { status: string }[])[0]?.status;
            if (status === 'departed') break;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          expect(status).toBe('departed');
          const [handled] = await connection.query('SELECT status FROM wecom_inbox');
          expect(handled).toEqual([{ status: 'done' }]);
        } finally {
          await worker.stop();
        }
      } finally {
        await connection.end();
      }
    });

    it('handles at once a callback whose process was killed while handling it, not after the lease', async () => {
      const env = { DATABASE_URL: `${MARIADB}/${database}`, ...corpEnv(sim) };
      const first = await startKeeperProcess(env);
      sim.control.setCallbackUrl(`${first.url}/wecom/callback`);
      // The handler asks WeCom for the new relation and waits for the answer when the process is killed.
      sim.control.faults.delay(20_000, 1, 'externalcontact/get');
      // A member still in the corp (the test before made one leave).
      const member = [...sim.state.directory.staff.values()].find(
        (staff) =>
          staff.status === 1 && sim.state.directory.member(staff.userid) && staff.externalContactEnabled,
      )!;
      const added = sim.control.run('add-contact', { userid: member.userid }) as { external_userid: string };
      await sim.control.callbacksIdle();
      await eventually(async () => sim.control.faults.snapshot().delays.length === 0);
      await first.kill();

      const connection = await mysql.createConnection({ uri: `${MARIADB}/${database}`, timezone: 'Z' });
      const callbackRow = async () =>
        (
          (await connection.query(
            "SELECT status, locked_by AS lockedBy, locked_until AS lockedUntil FROM wecom_inbox WHERE event_type LIKE '%add_external_contact' ORDER BY id DESC LIMIT 1",
          )) as unknown as [{ status: string; lockedBy: string | null; lockedUntil: Date | null }[]]
        )[0][0];
      try {
        const claimed = await callbackRow();
        expect(claimed).toMatchObject({
          status: 'pending',
          lockedBy: expect.stringContaining(`:${first.child.pid}:`),
        });
        expect(claimed!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 60_000);

        const restarted = await startKeeperProcess(env);
        try {
          await eventually(async () => (await callbackRow())?.status === 'done', 20_000);
          expect((await callbackRow())?.status).toBe('done');
          const [follows] = (await connection.query(
            'SELECT status FROM customer_follows WHERE external_userid = ? AND userid = ?',
            [added.external_userid, member.userid],
          )) as unknown as [{ status: string }[]];
          expect(follows).toEqual([{ status: 'active' }]);
        } finally {
          await restarted.stop();
        }
      } finally {
        await connection.end();
      }
    });
  });
});
