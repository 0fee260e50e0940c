// Helpers shared by `npm start` and `npm test`: they run on a fresh machine with only Node and npm.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Keeper needs Node.js 20.19 or newer; this is ${process.version}.`);
  }
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`Could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status}).`);
}

/** pnpm from PATH, or fetched once through npx (the npm registry is all a fresh machine needs). */
export function pnpmCommand() {
  const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (local.status === 0 && /^10\./.test(local.stdout.trim())) return ['pnpm', []];
  return ['npx', ['--yes', 'pnpm@10']];
}

export function pnpm(args, options) {
  const [command, prefix] = pnpmCommand();
  run(command, [...prefix, ...args], options);
}

/**
 * Runs one pnpm step and shows that it is alive: `label… 12 s` counting on a terminal, a line every 15 s
 * otherwise, then how long it took. Output of the step itself is hidden unless it fails (stderr passes through).
 */
export function pnpmStep(label, args) {
  const [command, prefix] = pnpmCommand();
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const tty = process.stdout.isTTY;
  process.stdout.write(tty ? `${label}…` : `${label}…\n`);
  const ticker = setInterval(
    () =>
      tty
        ? process.stdout.write(`\r${label}… ${elapsed()}`)
        : console.log(`${label}: still running (${elapsed()})`),
    tty ? 1000 : 15_000,
  );
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', (error) => fail(`Could not run ${command}: ${error.message}`));
    child.once('exit', (code) => {
      clearInterval(ticker);
      if (code !== 0) fail(`${label.trim()} failed (pnpm ${args.join(' ')} exited ${code}).`);
      console.log(tty ? `\r${label}… done in ${elapsed()}` : `${label}: done in ${elapsed()}`);
      resolve();
    });
  });
}

/** Installs dependencies exactly as locked; better-sqlite3 compiles from source where no prebuilt binary is reachable. */
export function install() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const lock = path.join(root, 'pnpm-lock.yaml');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('Installing dependencies (the first time takes a few minutes)…');
  pnpm(['install', '--frozen-lockfile']);
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitForPort(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export function spawnForwardingSignals(command, args, options) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return child;
}
