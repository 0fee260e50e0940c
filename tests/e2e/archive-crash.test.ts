import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { startArchivingSimulator, type Simulator } from './simulated-corp';

const MARIADB = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';
const MESSAGES = 12_000;

describe('the archive puller killed mid-pull', () => {
  const database = `keeper_e2e_archive_${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-archive-crash-'));
  let sim: Simulator;
  let env: Record<string, string>;
  let connection: mysql.Connection;

  beforeAll(async () => {
    const world = await startArchivingSimulator(dir, 100);
    sim = world.sim;
    const pairs = sim.state.customers.allFollows().slice(0, 40);
    for (let sent = sim.state.chats.size(), i = 0; sent < MESSAGES; i++) {
      const pair = pairs[i % pairs.length]!;
      const batch = Math.min(500, MESSAGES - sent);
      sim.control.run('chat', {
        from: pair.userid,
        to: [pair.external_userid],
        messages: Array.from({ length: batch }, (_, n) => ({
          msgtype: 'text',
          content: `第${i}批第${n}条：这个方案您再看看`,
        })),
      });
      sent += batch;
    }
    env = { DATABASE_URL: `${MARIADB}/${database}`, ...world.env };
    connection = await mysql.createConnection(MARIADB);
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  });
  afterAll(async () => {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection.end();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => {
    try {
      const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM \`${database}\`.archive_messages`);
      return Number((rows as { n: number }[])[0]!.n);
    } catch {
      return 0; // not migrated yet
    }
  };

  it(
    'resumes after a kill with exactly the messages the simulator sent, once each',
    { timeout: 150_000 },
    async () => {
      const total = sim.state.chats.size();
      let first: KeeperProcess | undefined = await startKeeperProcess(env);
      let seen = 0;
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        seen = await count();
        if (seen > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await first.kill();
      first = undefined;
      const atKill = await count();
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(total);

      const second = await startKeeperProcess(env);
      try {
        for (const deadline = Date.now() + 90_000; Date.now() < deadline && (await count()) < total;) {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const [rows] = await connection.query(
          `SELECT COUNT(*) AS n, COUNT(DISTINCT msgid) AS d, MIN(seq) AS lo, MAX(seq) AS hi FROM \`${database}\`.archive_messages`,
        );
        const [summary] = rows as { n: number; d: number; lo: number | string; hi: number | string }[];
        expect({ ...summary, lo: Number(summary!.lo), hi: Number(summary!.hi) }).toEqual({
          n: total,
          d: total,
          lo: 1,
          hi: total,
        });
        const [state] = await connection.query(`SELECT checkpoint_seq FROM \`${database}\`.archive_state`);
        expect(String((state as { checkpoint_seq: string | number }[])[0]!.checkpoint_seq)).toBe(
          String(sim.state.chats.latestSeq()),
        );
      } finally {
        await second.stop();
      }
    },
  );
});
