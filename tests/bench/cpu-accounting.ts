import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) per thread of a process, by thread name, read from /proc (Linux only). */
type ThreadTimes = Map<string, number>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function threadTimes(pid: number): ThreadTimes {
  const times: ThreadTimes = new Map();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      times.set(`${tid}:${name}`, ticks / TICKS_PER_SECOND);
    } catch {
      // the thread ended between readdir and read
    }
  }
  return times;
}

/** The first process whose command name is `name`, if any. */
export function pidOf(name: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

/**
 * Where the CPU went between `start()` and `stop()`: CPU seconds per labelled process, its main thread apart from
 * the others (worker threads, GC and compiler helpers), or every thread on its own with `eachThread`. On a
 * 2-core machine every component competes for the same cores, so this says what to make cheaper.
 */
export function cpuAccounting(processes: Record<string, number | undefined>, { eachThread = false } = {}) {
  const snapshot = () =>
    new Map(
      Object.entries(processes).map(([label, pid]) => [label, pid ? threadTimes(pid) : new Map()] as const),
    );
  let before = snapshot();
  let after = before;
  return {
    start() {
      before = snapshot();
    },
    stop() {
      after = snapshot();
    },
    /** Rows of [process, thread name, CPU seconds], busiest first; threads of one name summed. */
    rows(): [string, string, number][] {
      const rows: [string, string, number][] = [];
      for (const [label, threads] of after) {
        const byName = new Map<string, number>();
        const pid = processes[label];
        for (const [key, seconds] of threads) {
          const [tid, thread] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
          const name =
            Number(tid) === pid ? 'main thread' : eachThread ? `${thread} ${tid}` : `${thread} threads`;
          const used = seconds - (before.get(label)?.get(key) ?? 0);
          byName.set(name, (byName.get(name) ?? 0) + used);
        }
        for (const [name, seconds] of byName) if (seconds >= 0.01) rows.push([label, name, seconds]);
      }
      return rows.sort((a, b) => b[2] - a[2]);
    },
  };
}
