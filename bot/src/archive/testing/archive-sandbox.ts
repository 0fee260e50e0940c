import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Test-only: the Finance SDK double built with gcc and the WeCom simulator in its own process, talked to over
 * HTTP like Keeper talks to WeCom (bot/ may not import the tests/ packages).
 */
const repo = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RsaKeyPair {
  publicPem: string;
  privatePem: string;
}

export function rsaKeyPair(): RsaKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Runs tests/finance-sdk-double/build.mjs (gcc; rebuilds only when the source changed) → the .so path. */
export async function buildDouble(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(repo, 'tests/finance-sdk-double/build.mjs'),
  ]);
  return stdout.trim();
}

export interface SimProcess {
  url: string;
  corpId: string;
  archiveSecret: string;
  control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts the simulator CLI with Keeper's archive public key (version `keyVersion`) from a PEM file. */
export async function startSimProcess(publicPem: string, keyVersion: number): Promise<SimProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'keeper-archive-'));
  const keyFile = join(dir, 'archive-public.pem');
  await writeFile(keyFile, publicPem);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(repo, 'tests/wecom-sim/src/cli.ts'), 'serve', '--json'],
    {
      cwd: repo,
      env: {
        ...process.env,
        SIM_PORT: '0',
        SIM_CUSTOMERS: '60',
        SIM_NOTIFY_INTERVAL_MS: '0',
        SIM_ARCHIVE_PUBLIC_KEY_FILE: keyFile,
        SIM_ARCHIVE_KEY_VERSION: String(keyVersion),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; corpId: string; secrets: { archive: string } };
  return {
    url: info.url,
    corpId: info.corpId,
    archiveSecret: info.secrets.archive,
    async control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${info.url}/__sim${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
