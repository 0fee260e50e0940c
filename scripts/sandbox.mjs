// The sandbox for `npm start` without WeCom credentials: the WeCom simulator with its demo corp, in a
// process of its own. Keeper is then configured like for real WeCom, only with another base URL and keys.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { root } from './lib.mjs';

export function wecomConfigured(env) {
  return Boolean(env.WECOM_CORP_ID?.trim());
}

/** Starts the simulator and resolves with the environment that points Keeper at it. */
export function startSandbox({ keeperPort, simPort }) {
  const sim = spawn(process.execPath, ['tests/wecom-sim/dist/cli.js', 'serve', '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      SIM_CALLBACK_URL: `http://127.0.0.1:${keeperPort}/wecom/callback`,
    },
  });
  return new Promise((resolve, reject) => {
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
