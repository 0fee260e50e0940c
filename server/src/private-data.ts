import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config/config';

/** Nothing Keeper writes is for the group or others: group and other permission bits are always cleared. */
const PRIVATE_UMASK = 0o077;
const NOT_FOR_OTHERS = 0o077;

/** Where `npm start` keeps the sandbox's archive keys and state, beside the database (scripts/sandbox.mjs). */
const SANDBOX_FOLDER = 'sandbox';

/**
 * Keeper's data holds WeCom access tokens, the chat archive and password hashes, so only the user Keeper runs
 * as may read it. Everything created from now on is private (umask); what an older version or a copy left
 * readable is made private at start: the SQLite database's folder (the data folder) and the database with its
 * -wal/-shm, the sandbox's folder in it, the media store and the materials library. Only these: the data folder may hold other
 * things (it is the folder's own mode that keeps them from others). Says which paths it corrected and which
 * it could not (owned by another user).
 */
export function keepDataPrivate(config: Pick<Config, 'database' | 'wecom' | 'materials'>): PrivacyRepair {
  process.umask(PRIVATE_UMASK);
  const repair: PrivacyRepair = { corrected: [], failed: [] };
  if (config.database.dialect === 'sqlite') {
    const file = config.database.path;
    const folder = path.dirname(file);
    const stat = lstatOrUndefined(folder);
    // A shared folder (e.g. /tmp) is not Keeper's to close: then only the database's own files are.
    if (stat?.isDirectory() && !isShared(folder, stat)) privateEntry(folder, repair, stat);
    for (const own of [file, `${file}-wal`, `${file}-shm`]) privateEntry(own, repair);
    privateTree(path.join(folder, SANDBOX_FOLDER), repair);
  }
  privateTree(config.wecom.archive.mediaDir, repair);
  privateTree(config.materials.dir, repair);
  return repair;
}

export interface PrivacyRepair {
  corrected: string[];
  failed: string[];
}

/** A folder that is not Keeper's alone: the file system root, a home folder, or a sticky one like /tmp. */
function isShared(folder: string, stat: fs.Stats): boolean {
  return folder === path.parse(folder).root || folder === os.homedir() || (stat.mode & 0o1000) !== 0;
}

function privateTree(folder: string, repair: PrivacyRepair): void {
  const stat = lstatOrUndefined(folder);
  if (!stat?.isDirectory() || isShared(folder, stat)) return;
  privateEntry(folder, repair, stat);
  for (const name of readdirOrNothing(folder, repair)) {
    const entry = path.join(folder, name);
    const entryStat = lstatOrUndefined(entry);
    if (entryStat?.isDirectory()) privateTree(entry, repair);
    else if (entryStat?.isFile()) privateEntry(entry, repair, entryStat);
  }
}

/** Clears the group and other bits, keeping the owner's (a folder stays 0700, a file 0600). Links are left. */
function privateEntry(entry: string, repair: PrivacyRepair, stat = lstatOrUndefined(entry)): void {
  if (!stat || stat.isSymbolicLink() || (stat.mode & NOT_FOR_OTHERS) === 0) return;
  try {
    fs.chmodSync(entry, stat.mode & 0o7700);
    repair.corrected.push(entry);
  } catch {
    repair.failed.push(entry);
  }
}

function readdirOrNothing(folder: string, repair: PrivacyRepair): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    repair.failed.push(folder);
    return [];
  }
}

function lstatOrUndefined(entry: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(entry);
  } catch {
    return undefined;
  }
}
