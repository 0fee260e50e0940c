import fs from 'node:fs';
import path from 'node:path';
import { parseSnapshot, type SimSnapshot } from './corp-snapshot.js';

/**
 * The simulator's state on disk: one JSON file, replaced atomically (written beside it, fsynced, renamed), so a
 * crash leaves either the old or the new corp and never half of one. It holds access tokens and the chat
 * archive: the file is 0600 and its folder 0700. Saves after a change are throttled to one per `delayMs`;
 * `flush` writes what is pending at once (on close).
 */
export class SnapshotFile {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    readonly file: string,
    private readonly take: () => SimSnapshot,
    private readonly delayMs = 500,
  ) {}

  /** The saved snapshot, or undefined when there is none yet. */
  read(): SimSnapshot | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseSnapshot(text, this.file);
  }

  /** Something changed: save soon. */
  changed(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.write(this.take());
  }

  write(snapshot: SimSnapshot): void {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = `${this.file}.${process.pid}.tmp`;
    fs.rmSync(partial, { force: true });
    const fd = fs.openSync(partial, 'wx', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(snapshot));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, this.file);
  }
}
