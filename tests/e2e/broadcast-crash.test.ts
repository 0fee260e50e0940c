import mysql from 'mysql2/promise';
import type { Campaign } from '@keeper/shared';
import { startSimulator } from '@keeper/wecom-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { corpEnv, type Simulator } from './simulated-corp';

const MARIADB = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';
const SENDERS = 30;
const CUSTOMERS_EACH = 20;
const ADD = 'externalcontact/add_msg_template';
const ADMIN = { username: 'admin', password: 'broadcast crash 123' };

describe('a campaign whose Keeper is killed mid-submission', () => {
  const database = `keeper_e2e_broadcast_${process.pid}`;
  let sim: Simulator;
  let env: Record<string, string>;
  let connection: mysql.Connection;
  const senders: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, customers: 0 });
    for (let i = 0; i < SENDERS; i++) {
      const { userid } = sim.control.scenarios.memberJoins({ userid: `seller${i}`, name: `销售${i + 1}` });
      senders.push(userid);
      for (let c = 0; c < CUSTOMERS_EACH; c++) sim.control.scenarios.addContact({ userid });
    }
    env = {
      ...corpEnv(sim),
      DATABASE_URL: `${MARIADB}/${database}`,
      KEEPER_ADMIN_USER: ADMIN.username,
      KEEPER_ADMIN_PASSWORD: ADMIN.password,
      METRICS_PORT: '0',
    };
    connection = await mysql.createConnection(MARIADB);
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  });
  afterAll(async () => {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection.end();
    await sim.close();
  });

  async function signIn(keeper: KeeperProcess) {
    const login = await fetch(`${keeper.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const send = (method: string) => (path: string, body: unknown) =>
      fetch(`${keeper.url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    return {
      get: async <T>(path: string) =>
        (await (await fetch(`${keeper.url}${path}`, { headers: { cookie } })).json()) as T,
      post: send('POST'),
    };
  }

  const until = async <T>(what: string, check: () => Promise<T | undefined>, ms = 60_000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline;) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} did not happen within ${ms} ms`);
  };

  const tasksBySender = () => {
    const counts = new Map<string, number>();
    for (const message of sim.state.massMessages.values())
      for (const task of message.tasks) counts.set(task.userid, (counts.get(task.userid) ?? 0) + 1);
    return counts;
  };

  it(
    'creates exactly one WeCom task per sender across the kill, and its figures add up',
    { timeout: 180_000 },
    async () => {
      let first: KeeperProcess | undefined = await startKeeperProcess(env);
      const api = await signIn(first);
      await until('the customers synced', async () => {
        const count = await api
          .post('/api/broadcasts/audience/count', { filter: { ownerIds: senders } })
          .then((response) => response.json() as Promise<{ customers: number }>);
        return count.customers === SENDERS * CUSTOMERS_EACH ? true : undefined;
      });
      const created = await api.post('/api/broadcasts', {
        name: '会员日',
        kind: 'customers',
        audience: { ownerIds: senders },
        content: { text: '会员日全场八折，欢迎到店', materialIds: [] },
      });
      expect(created.status).toBe(201);
      const campaign = (await created.json()) as Campaign;
      // WeCom creates each task at once but answers 400 ms late: a kill lands between a task and its answer.
      sim.control.faults.delay(400, SENDERS, ADD, true);
      expect((await api.post(`/api/broadcasts/${campaign.id}/submit`, {})).status).toBe(200);
      await until('some tasks, not all', async () => (sim.state.massMessages.size >= 8 ? true : undefined));
      await first.kill();
      first = undefined;
      expect(sim.state.massMessages.size).toBeLessThan(SENDERS);

      const second = await startKeeperProcess(env);
      try {
        const again = await signIn(second);
        const running = await until('every task submitted', async () => {
          const current = await again.get<Campaign>(`/api/broadcasts/${campaign.id}`);
          return current.status === 'running' ? current : undefined;
        });
        expect(running.tasks).toBe(SENDERS);
        expect(running.funnel).toMatchObject({
          audience: SENDERS * CUSTOMERS_EACH,
          submitted: SENDERS * CUSTOMERS_EACH,
          pending: SENDERS * CUSTOMERS_EACH,
          queued: 0,
        });
        // Nothing went twice: WeCom saw one add_msg_template per sender over both processes.
        expect(sim.control.apiCalls()[ADD]).toBe(SENDERS);
        const perSender = tasksBySender();
        expect(perSender.size).toBe(SENDERS);
        expect([...perSender.values()].filter((n) => n !== 1)).toEqual([]);
        const recipients = [...sim.state.massMessages.values()].flatMap((message) =>
          message.results.map((result) => result.external_userid),
        );
        expect(new Set(recipients).size).toBe(recipients.length);
        expect(recipients).toHaveLength(SENDERS * CUSTOMERS_EACH);
      } finally {
        await second.stop();
      }
    },
  );
});
