import fs from 'node:fs';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import { buildFinanceSdkDouble } from '../finance-sdk-double/build.mjs';
import { archiveKeyPair } from '../integration/keeper-with-simulator';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** The admin every browser test signs in as. */
export const BROWSER_ADMIN = { username: 'admin', password: 'browser password 1' } as const;

/** What points a Keeper process at the simulated corp: its id, callback keys, contact secret and API. */
export function corpEnv(sim: Simulator): Record<string, string> {
  const credentials = sim.control.credentials();
  return {
    WECOM_CORP_ID: credentials.corpId,
    WECOM_TOKEN: credentials.token,
    WECOM_AES_KEY: credentials.aesKey,
    WECOM_CONTACT_SECRET: credentials.secrets.contact,
    WECOM_API_BASE_URL: sim.url,
  };
}

/** A sandbox-labelled console on its own SQLite file in `dir`, with the browser tests' admin. */
export function consoleEnv(dir: string): Record<string, string> {
  return {
    SQLITE_PATH: path.join(dir, 'keeper.sqlite'),
    KEEPER_ADMIN_USER: BROWSER_ADMIN.username,
    KEEPER_ADMIN_PASSWORD: BROWSER_ADMIN.password,
    KEEPER_SANDBOX: 'true',
  };
}

/**
 * A simulator whose chat archive is sealed to a fresh key pair (the private half written to `dir`), and the
 * environment that lets a Keeper process pull it through the Finance SDK double every second.
 */
export async function startArchivingSimulator(
  dir: string,
  customers: number,
): Promise<{ sim: Simulator; env: Record<string, string> }> {
  const keys = archiveKeyPair();
  fs.writeFileSync(path.join(dir, 'v1.pem'), keys.privatePem);
  const sim = await startSimulator({
    port: 0,
    customers,
    archive: { publicKeys: { 1: keys.publicPem }, currentKeyVersion: 1 },
  });
  const env = {
    ...corpEnv(sim),
    WECOM_ARCHIVE_SECRET: sim.control.credentials().secrets.archive,
    WECOM_FINANCE_SDK_PATH: await buildFinanceSdkDouble(),
    WECOM_ARCHIVE_PRIVATE_KEYS: `1:${path.join(dir, 'v1.pem')}`,
    ARCHIVE_PULL_INTERVAL_SECONDS: '1',
    ARCHIVE_MEDIA_DIR: path.join(dir, 'media'),
    FINANCE_SDK_DOUBLE_ENDPOINT: `${sim.url}/__finance`,
  };
  return { sim, env };
}
