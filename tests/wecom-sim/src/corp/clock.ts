/**
 * The simulator's notion of "now". Tests and the control API move it forward to make WeCom's slow rules
 * (24 h transfer completion, 7200 s tokens, 20 s welcome codes) happen at once; real timers are untouched.
 */
export class Clock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Unix seconds, the unit WeCom uses in its payloads. */
  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  /** Puts back the offset a saved simulator had, so its notion of now does not jump back. */
  restoreOffset(seconds: number): void {
    this.offsetMs = seconds * 1000;
  }

  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
