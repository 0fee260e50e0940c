// `npm start`: installs, builds and runs Keeper on the embedded SQLite database. Without WeCom
// credentials it also starts the WeCom simulator's demo corp (the sandbox) and points Keeper at it.
import path from 'node:path';
import { checkNode, install, pnpmStep, root, spawnForwardingSignals, waitForPort } from './lib.mjs';
import { startSandbox, verifyCallbackUrl, wecomConfigured } from './sandbox.mjs';

checkNode();
install();
await pnpmStep('Building Keeper (the console takes longest: about a minute the first time)', ['build']);

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

console.log(`Starting Keeper on port ${port} (migrates the database first)…`);
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

if (await waitForPort(port, 60)) {
  if (sandbox && !(await verifyCallbackUrl(sandbox.url)))
    console.warn('The simulator could not verify the callback URL.');
  console.log(`Keeper is ready: ${process.env.PUBLIC_URL || `http://localhost:${port}`}`);
}
