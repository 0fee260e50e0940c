// The sandbox for `npm start` without WeCom credentials: the WeCom simulator with its demo corp, in a
// process of its own. Keeper is then configured like for real WeCom, only with another base URL and keys.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { buildFinanceSdkDouble } from '../tests/finance-sdk-double/build.mjs';
import { root } from './lib.mjs';

/**
 * The sandbox's chat archive: an RSA key pair made once (the simulator encrypts with the public key, Keeper
 * decrypts with the private one, as with WeCom) and the Finance SDK double compiled with gcc. Without gcc
 * the sandbox runs without the archive and says so.
 */
async function prepareArchive(dataDir) {
  const dir = path.join(dataDir, 'sandbox');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKey = path.join(dir, 'archive-key-v1.pem');
  const publicKey = path.join(dir, 'archive-key-v1.pub.pem');
  if (!fs.existsSync(privateKey)) {
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    fs.writeFileSync(publicKey, pair.publicKey);
    fs.writeFileSync(privateKey, pair.privateKey, { mode: 0o600 });
  }
  try {
    const library = await buildFinanceSdkDouble({
      onCompile: () => console.log('Preparing the sandbox: compiling the Finance SDK double with gcc…'),
    });
    return { privateKey, publicKey, library };
  } catch (error) {
    console.warn(
      `Sandbox without the chat archive: could not build the Finance SDK double (${error.message}).`,
    );
    return { publicKey };
  }
}

export function wecomConfigured(env) {
  return Boolean(env.WECOM_CORP_ID?.trim());
}

/** Starts the simulator and resolves with the environment that points Keeper at it. */
export async function startSandbox({ keeperPort, simPort, dataDir }) {
  const archive = await prepareArchive(dataDir);
  // The corp lives here between runs: Keeper's database remembers it (customers, archive checkpoint), so a
  // restart must find the same corp, not a freshly seeded one whose archive starts again at seq 1.
  const stateFile = path.join(dataDir, 'sandbox', 'wecom-sim.json');
  console.log(
    fs.existsSync(stateFile)
      ? `Starting the WeCom simulator with the sandbox corp saved in ${path.relative(root, stateFile)}…`
      : 'Starting the WeCom simulator with a new demo corp (24 staff, 2,400 customers, archived chats)…',
  );
  const sim = spawn(process.execPath, ['tests/wecom-sim/dist/cli.js', 'serve', '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      SIM_CALLBACK_URL: `http://127.0.0.1:${keeperPort}/wecom/callback`,
      SIM_ARCHIVE_PUBLIC_KEY_FILE: archive.publicKey,
      SIM_ARCHIVE_KEY_VERSION: '1',
      SIM_STATE_FILE: stateFile,
    },
  });
  return await new Promise((resolve, reject) => {
    sim.once('exit', (code) => reject(new Error(`the WeCom simulator exited (code ${code})`)));
    const lines = readline.createInterface({ input: sim.stdout });
    lines.once('line', (line) => {
      const sandbox = JSON.parse(line);
      lines.on('line', (more) => console.log(`[wecom-sim] ${more}`));
      resolve({
        process: sim,
        url: sandbox.url,
        env: {
          WECOM_CORP_ID: sandbox.corpId,
          WECOM_TOKEN: sandbox.token,
          WECOM_AES_KEY: sandbox.aesKey,
          WECOM_CONTACT_SECRET: sandbox.secrets.contact,
          WECOM_ARCHIVE_SECRET: sandbox.secrets.archive,
          WECOM_AGENT_ID: String(sandbox.agentId),
          WECOM_AGENT_SECRET: sandbox.secrets.agent,
          WECOM_API_BASE_URL: sandbox.url,
          KEEPER_SANDBOX: 'true',
          // The materials library (素材库) starts with the pictures and video the simulator's chats show.
          KEEPER_SANDBOX_MEDIA_DIR: path.join(root, 'tests', 'wecom-sim', 'fixtures', 'media'),
          ...(archive.library
            ? {
                WECOM_FINANCE_SDK_PATH: archive.library,
                WECOM_ARCHIVE_PRIVATE_KEYS: `1:${archive.privateKey}`,
                // Read only by the SDK double, which fetches the simulator's archive like the real SDK fetches WeCom's.
                FINANCE_SDK_DOUBLE_ENDPOINT: `${sandbox.url}/__finance`,
              }
            : {}),
        },
      });
    });
  });
}

/** Has the simulator verify Keeper's callback URL, as WeCom does when an admin saves it. */
export async function verifyCallbackUrl(simUrl) {
  const response = await fetch(`${simUrl}/__sim/callback/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return response.ok;
}
