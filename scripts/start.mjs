// `npm start`: installs, builds and runs Keeper on the embedded SQLite database. Without WeCom
// credentials it also starts the WeCom simulator's demo corp (the sandbox) and points Keeper at it.
import path from 'node:path';
import { checkNode, install, pnpm, root, spawnForwardingSignals, waitForPort } from './lib.mjs';
import { startSandbox, verifyCallbackUrl, wecomConfigured } from './sandbox.mjs';

checkNode();
install();
console.log('Building…');
pnpm(['build'], { stdio: ['ignore', 'ignore', 'inherit'] });

// Everything written from here on (the sandbox's keys and state under data/, the database) is for this user
// only: it holds WeCom tokens, chats and password hashes. Keeper sets the same mask itself.
process.umask(0o077);
const port = Number(process.env.PORT || 3000);
let sandbox;
if (!wecomConfigured(process.env)) {
  const simPort = Number(process.env.SIM_PORT || port + 970);
  sandbox = await startSandbox({ keeperPort: port, simPort, dataDir: path.resolve(root, 'data') });
  console.log(`No WeCom credentials: sandbox mode with the WeCom simulator at ${sandbox.url}`);
}

const server = spawnForwardingSignals(process.execPath, ['server/dist/main.js'], {
  cwd: root,
  env: { NODE_ENV: 'production', ...process.env, ...sandbox?.env },
});
server.on('exit', (code) => {
  sandbox?.process.kill('SIGTERM');
  process.exit(code ?? 0);
});
process.on('SIGINT', () => sandbox?.process.kill('SIGTERM'));
process.on('SIGTERM', () => sandbox?.process.kill('SIGTERM'));

if (sandbox && (await waitForPort(port, 60))) {
  if (!(await verifyCallbackUrl(sandbox.url)))
    console.warn('The simulator could not verify the callback URL.');
}
