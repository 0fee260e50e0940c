import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFinanceSdkDouble } from '../finance-sdk-double/build.mjs';
import { archiveKeyPair } from '../integration/keeper-with-simulator';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';

const MARIADB = process.env.KEEPER_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306';
const MESSAGES = 12_000;

describe('the archive puller killed mid-pull', () => {
  const database = `keeper_e2e_archive_${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-archive-crash-'));
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let env: Record<string, string>;
  let connection: mysql.Connection;

  beforeAll(async () => {
    const keys = archiveKeyPair();
    fs.writeFileSync(path.join(dir, 'v1.pem'), keys.privatePem);
    sim = await startSimulator({
      port: 0,
      customers: 100,
      archive: { publicKeys: { 1: keys.publicPem }, currentKeyVersion: 1 },
    });
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
    const credentials = sim.control.credentials();
    env = {
      DATABASE_URL: `${MARIADB}/${database}`,
      WECOM_CORP_ID: credentials.corpId,
      WECOM_CONTACT_SECRET: credentials.secrets.contact,
      WECOM_ARCHIVE_SECRET: credentials.secrets.archive,
      WECOM_API_BASE_URL: sim.url,
      WECOM_FINANCE_SDK_PATH: await buildFinanceSdkDouble(),
      WECOM_ARCHIVE_PRIVATE_KEYS: `1:${path.join(dir, 'v1.pem')}`,
      ARCHIVE_PULL_INTERVAL_SECONDS: '1',
      ARCHIVE_MEDIA_DIR: path.join(dir, 'media'),
      FINANCE_SDK_DOUBLE_ENDPOINT: `${sim.url}/__finance`,
    };
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
