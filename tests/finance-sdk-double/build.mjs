#!/usr/bin/env node
// Builds the Finance SDK test double (finance_sdk_double.c) into a shared library with gcc and returns its path.
// Tests call it in a beforeAll and `npm start` calls it for the sandbox; it rebuilds only when the source is newer.
import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));

/** The C source of the double. */
export const FINANCE_SDK_DOUBLE_SOURCE = join(here, 'finance_sdk_double.c');

/** Where the library goes unless told otherwise (ignored by git). */
export const DEFAULT_FINANCE_SDK_DOUBLE_OUT = join(here, 'build', 'finance_sdk_double.so');

async function mtimeMs(path) {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Compiles the double unless `out` is newer than the source. Concurrent callers (parallel test projects) are
 * safe: each compiles to its own temporary file and renames it into place, which is atomic.
 * @param {{ out?: string, gcc?: string, onCompile?: () => void }} [options]
 * @returns {Promise<string>} the absolute path of the .so
 */
export async function buildFinanceSdkDouble(options = {}) {
  const out = options.out ?? DEFAULT_FINANCE_SDK_DOUBLE_OUT;
  const built = await mtimeMs(out);
  const source = await mtimeMs(FINANCE_SDK_DOUBLE_SOURCE);
  if (source === undefined) throw new Error(`missing ${FINANCE_SDK_DOUBLE_SOURCE}`);
  if (built !== undefined && built >= source) return out;
  options.onCompile?.();
  await mkdir(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  try {
    // -fvisibility=hidden: only the functions marked EXPORT (the SDK's own API) leave the library.
    await promisify(execFile)(options.gcc ?? 'gcc', [
      '-shared',
      '-fPIC',
      '-O2',
      '-Wall',
      '-Wextra',
      '-fvisibility=hidden',
      '-o',
      tmp,
      FINANCE_SDK_DOUBLE_SOURCE,
    ]);
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true });
    const detail = err && typeof err === 'object' && 'stderr' in err ? String(err.stderr) : String(err);
    throw new Error(`building the Finance SDK double failed (is gcc installed?):\n${detail}`);
  }
  return out;
}

// `node tests/finance-sdk-double/build.mjs [out]` prints the library's path.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildFinanceSdkDouble(process.argv[2] ? { out: process.argv[2] } : {}).then(
    (path) => process.stdout.write(`${path}\n`),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
