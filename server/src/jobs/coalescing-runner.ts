/**
 * Runs a task on a timer and whenever nudged, never twice at once: a nudge during a run asks for one more
 * run after it, however many nudges came. Used by the callback dispatcher and the archive puller, whose
 * work arrives as signals (a callback, msgaudit_notify) that may be lost, hence the timer too.
 */
export class CoalescingRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly onError: (error: unknown) => Promise<void> | void,
  ) {}

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => this.nudge(), intervalMs);
    this.timer.unref();
    this.nudge();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Asks a started runner for a run soon. */
  nudge(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task()
      .then(() => undefined)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }
}
