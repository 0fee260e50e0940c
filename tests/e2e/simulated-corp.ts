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

/**
 * Everything the sandbox's people typed or WeCom holds about them, and the admin's own name: data, shown as it
 * is in any language, which a page check must not count as untranslated text.
 */
export function corpDataValues(sim: Simulator): string[] {
  const values = new Set<string>([BROWSER_ADMIN.username]);
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value.trim()) values.add(value.trim());
    else if (Array.isArray(value)) value.forEach(add);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(add);
  };
  const state = sim.state;
  for (const s of state.directory.staff.values()) add([s.userid, s.name, s.position, s.email, s.alias]);
  for (const c of state.customers.customers.values())
    add([c.external_userid, c.name, c.position, c.corp_name, c.corp_full_name]);
  for (const f of state.customers.allFollows())
    add([f.remark, f.description, f.state, f.remark_corp_name, f.remark_mobiles]);
  for (const group of state.tags.groups) add([group.group_name, group.tags.map((tag) => tag.name)]);
  for (const group of state.groups.values()) add([group.name, group.notice]);
  for (let seq = 0, page = state.chats.since(0); page.length; page = state.chats.since(seq)) {
    for (const message of page) add(message.body);
    seq = page[page.length - 1]!.seq;
  }
  return [...values];
}
