import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './index.js';
import { ApiClient } from './testing/api-client.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

// Each case starts the CLI through tsx (a few seconds each on a busy 2-core machine).
describe('the simulator CLI', { timeout: 60_000 }, () => {
  let sim: RunningSimulator;
  let keeperPort: number;

  beforeAll(async () => {
    // npm start puts the sandbox's simulator at Keeper's PORT + 970.
    for (;;) {
      keeperPort = 20_000 + Math.floor(Math.random() * 20_000);
      try {
        sim = await startSimulator({ port: keeperPort + 970, customers: 20 });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
  });
  afterAll(() => sim.close());

  it('talks to the sandbox of `npm start` at PORT + 970 without flags', async () => {
    const { SIM_PORT: _port, SIM_URL: _url, ...inherited } = process.env;
    const env = { ...inherited, PORT: String(keeperPort) };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'status'], {
      env,
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ sandbox: true, corpId: sim.config.corpId });
  });

  it('runs the refusal and receiver-full scenarios of a handover', async () => {
    const { SIM_PORT: _port, SIM_URL: _url, ...inherited } = process.env;
    const run = async (...args: string[]) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', cli, '--sim', sim.url, ...args],
        { env: inherited, timeout: 30_000 },
      );
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    const [follow] = sim.state.customers
      .followsOfUser('LiNa')
      .filter((f) => !sim.state.customers.follow('WangFang', f.external_userid));
    const ext = follow?.external_userid ?? '';
    const started = await new ApiClient(sim).post('externalcontact/transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'WangFang',
      external_userid: [ext],
    });
    expect(started.customer).toEqual([{ external_userid: ext, errcode: 0 }]);
    expect(await run('refuse-transfer', ext)).toMatchObject({ callbackId: expect.any(Number) });
    expect(sim.state.transfers.at(-1)).toMatchObject({ status: 3, takeover_time: 0 });
    expect(sim.control.callbackLog().at(-1)?.changeType).toBe('transfer_fail');

    expect(await run('takeover-full', 'WangFang', '--limit', '3')).toMatchObject({
      userid: 'WangFang',
      customerLimit: 3,
    });
    const { staff } = (await fetch(`${sim.url}/__sim/staff`).then((r) => r.json())) as {
      staff: Array<{ userid: string; customer_limit?: number }>;
    };
    expect(staff.find((s) => s.userid === 'WangFang')?.customer_limit).toBe(3);
    expect(await run('takeover-full', 'WangFang', '--lift')).toMatchObject({ customerLimit: null });
  });
});
