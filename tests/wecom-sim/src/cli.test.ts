import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './index.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

describe('the simulator CLI', () => {
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
});
