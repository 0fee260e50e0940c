import { randomUUID } from 'node:crypto';
import os from 'node:os';

/**
 * Who holds a lease: `host:pid:random`. The random part tells a restarted process from a dead one that had the
 * same pid; host and pid let a process on the same host see that the holder is gone.
 */
export function newHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * True when `holder` was a process on this host that no longer runs (killed, crashed): its leases can be taken
 * over at once instead of after they run out. A holder on another host is never judged dead from here.
 */
export function isDeadLocalHolder(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== os.hostname() || !pid || Number(pid) === process.pid) return false;
  return !processAlive(Number(pid));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
