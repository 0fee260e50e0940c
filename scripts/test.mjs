// `npm test`: the whole suite. Starts MariaDB and Redis when they are installed but stopped, and says
// plainly what is missing otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkNode, fail, install, pnpm, pnpmCommand, portOpen, root, run, waitForPort } from './lib.mjs';

checkNode();

async function ensureMariaDb() {
  if (await portOpen(3306)) return;
  const daemon = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((file) => fs.existsSync(file));
  if (!daemon)
    fail('MariaDB is not running on 127.0.0.1:3306 and is not installed (apt-get install mariadb-server).');
  console.log('Starting MariaDB…');
  fs.mkdirSync('/run/mysqld', { recursive: true });
  try {
    execFileSync('chown', ['mysql:mysql', '/run/mysqld']);
  } catch {
    // Not root or no mysql user: the daemon may still manage with what is there.
  }
  run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', daemon]);
  if (!(await waitForPort(3306, 60))) fail('MariaDB did not come up on 127.0.0.1:3306 within 60 s.');
}

async function ensureRedis() {
  if (await portOpen(6379)) return;
  const redis = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => fs.existsSync(file));
  if (!redis)
    fail('Redis is not running on 127.0.0.1:6379 and is not installed (apt-get install redis-server).');
  console.log('Starting Redis…');
  run(redis, [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  if (!(await waitForPort(6379, 20))) fail('Redis did not come up on 127.0.0.1:6379 within 20 s.');
}

function ensureChromium() {
  if (!fs.existsSync('/usr/bin/chromium')) {
    fail("The browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium).");
  }
}

await ensureMariaDb();
await ensureRedis();
ensureChromium();
install();

console.log('Lint, format and dependency rules…');
pnpm(['lint']);
console.log('Type checks…');
pnpm(['typecheck']);
console.log('Building…');
pnpm(['build'], { stdio: ['ignore', 'ignore', 'inherit'] });

const report = path.join(root, 'test-results', 'vitest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
const vitest = ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`];
const [command, prefix] = pnpmCommand();
const result = spawnSync(command, [...prefix, ...vitest, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// A closing line any CI can read, whatever the runner prints above it.
if (fs.existsSync(report)) {
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  console.log(
    `\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped`,
  );
}
process.exit(result.status ?? 1);
