/**
 * Announces new archive data with msgaudit_notify at most once per interval, as WeCom does (every 15 s at most,
 * and never when nothing is new).
 */
export class MsgauditNotifier {
  private lastSentAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: () => number,
    private readonly send: () => void,
  ) {}

  /** Call whenever messages were appended to the archive. */
  dataAdded(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSentAt + this.intervalMs() - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastSentAt = Date.now();
      this.send();
    }, wait);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
