import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** A data folder as an older Keeper (or a copy with a default umask) left it: readable by every local user. */
describe('the data folder', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-e2e-modes-'));
  const dataDir = path.join(parent, 'data');
  const database = path.join(dataDir, 'keeper.sqlite');
  const key = path.join(dataDir, 'sandbox', 'archive-key-v1.pem');
  const media = path.join(dataDir, 'media', '2026-01', 'a1b2c3');
  let keeper: KeeperProcess;

  beforeAll(async () => {
    for (const folder of [dataDir, path.dirname(key), path.dirname(media)]) {
      fs.mkdirSync(folder, { recursive: true });
      fs.chmodSync(folder, 0o755);
    }
    fs.chmodSync(path.join(dataDir, 'media'), 0o755);
    // An empty file is a new database to SQLite: the old version's file, created world-readable.
    for (const [file, content] of [
      [database, ''],
      [key, '-----BEGIN PRIVATE KEY-----\n'],
      [media, 'image bytes'],
    ] as const) {
      fs.writeFileSync(file, content);
      fs.chmodSync(file, 0o644);
    }
    keeper = await startKeeperProcess({
      SQLITE_PATH: database,
      ARCHIVE_MEDIA_DIR: path.join(dataDir, 'media'),
    });
  });
  afterAll(async () => {
    await keeper.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('is private to the user Keeper runs as: folders 0700, files 0600, old modes corrected at start', async () => {
    expect((await fetch(`${keeper.url}/healthz`)).status).toBe(200);
    for (const folder of [dataDir, path.dirname(key), path.join(dataDir, 'media'), path.dirname(media)])
      expect({ folder, mode: modeOf(folder).toString(8) }).toEqual({ folder, mode: '700' });
    for (const file of [database, `${database}-wal`, `${database}-shm`, key, media])
      expect({ file, mode: modeOf(file).toString(8) }).toEqual({ file, mode: '600' });
    expect(keeper.output()).toContain('made private to this user');
  });

  it('is created private where there was none, whatever umask Keeper was started with', async () => {
    const fresh = path.join(parent, 'fresh', 'data');
    const second = await startKeeperProcess({
      SQLITE_PATH: path.join(fresh, 'keeper.sqlite'),
      ARCHIVE_MEDIA_DIR: path.join(fresh, 'media'),
    });
    try {
      expect(modeOf(fresh).toString(8)).toBe('700');
      expect(modeOf(path.join(fresh, 'keeper.sqlite')).toString(8)).toBe('600');
    } finally {
      await second.stop();
    }
  });
});
