import mysql from 'mysql2/promise';
import type { HandoverCase, Page } from '@keeper/shared';
import { startSimulator } from '@keeper/wecom-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { corpEnv, type Simulator } from './simulated-corp';

const MARIADB = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';
const CUSTOMERS = 1_000;
const LEAVER = 'GaoFeng';
const TRANSFER = 'externalcontact/resigned/transfer_customer';
const ADMIN = { username: 'admin', password: 'handover crash 123' };

describe('the handover engine killed mid-case', () => {
  const database = `keeper_e2e_handover_${process.pid}`;
  let sim: Simulator;
  let env: Record<string, string>;
  let connection: mysql.Connection;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, customers: 0 });
    for (let i = 0; i < CUSTOMERS; i++) sim.control.scenarios.addContact({ userid: LEAVER });
    sim.control.scenarios.memberLeaves({ userid: LEAVER });
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
    return {
      get: async <T>(path: string) =>
        (await (await fetch(`${keeper.url}${path}`, { headers: { cookie } })).json()) as T,
      post: (path: string, body: unknown) =>
        fetch(`${keeper.url}${path}`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
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

  const startedTransfers = () => sim.state.transfers.filter((t) => t.handover_userid === LEAVER);

  it(
    'resumes after a kill between calls and answers: every customer sent exactly once, the totals add up',
    { timeout: 180_000 },
    async () => {
      let first: KeeperProcess | undefined = await startKeeperProcess(env);
      const api = await signIn(first);
      const opened = await until('the departure case', async () => {
        const page = await api.get<Page<HandoverCase>>('/api/reassign/cases?inbox=true');
        const found = page.items?.find((each) => each.handover.userId === LEAVER);
        return found && found.customers.unplanned === CUSTOMERS ? found : undefined;
      });
      // WeCom acts on each call at once but answers 400 ms late: a kill lands between an act and its answer.
      sim.control.faults.delay(400, CUSTOMERS / 100, TRANSFER, true);
      const planned = await api.post(`/api/reassign/cases/${opened.id}/plan`, {
        selection: { mode: 'all' },
        distribution: { mode: 'single', receivers: ['HeXue'] },
      });
      expect(planned.status).toBe(200);
      await until('some calls, not all', async () => (startedTransfers().length >= 300 ? true : undefined));
      await first.kill();
      first = undefined;
      const atKill = startedTransfers().length;
      expect(atKill).toBeLessThan(CUSTOMERS);

      const second = await startKeeperProcess(env);
      try {
        const again = await signIn(second);
        const settled = await until('every customer waiting', async () => {
          const current = await again.get<HandoverCase>(`/api/reassign/cases/${opened.id}`);
          return current.customers.waiting === CUSTOMERS ? current : undefined;
        });
        expect(settled.customers).toMatchObject({
          selected: CUSTOMERS,
          waiting: CUSTOMERS,
          planned: 0,
          sending: 0,
        });
        const perCustomer = new Map<string, number>();
        for (const t of startedTransfers())
          perCustomer.set(t.external_userid, (perCustomer.get(t.external_userid) ?? 0) + 1);
        expect(perCustomer.size).toBe(CUSTOMERS);
        expect([...perCustomer.values()].filter((n) => n !== 1)).toEqual([]);
        // Nothing went twice: WeCom saw exactly one call per hundred customers over both processes.
        expect(sim.control.apiCalls()[TRANSFER]).toBe(CUSTOMERS / 100);
      } finally {
        await second.stop();
      }
    },
  );
});
