// `npm start`: installs, builds and runs Keeper on the embedded SQLite database.
import { checkNode, install, pnpm, root, spawnForwardingSignals } from './lib.mjs';

checkNode();
install();
console.log('Building…');
pnpm(['build'], { stdio: ['ignore', 'ignore', 'inherit'] });
const server = spawnForwardingSignals(process.execPath, ['server/dist/main.js'], {
  env: { NODE_ENV: 'production', ...process.env },
  cwd: root,
});
server.on('exit', (code) => process.exit(code ?? 0));
