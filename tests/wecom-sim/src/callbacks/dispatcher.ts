import type { CallbackEvent } from './events.js';
import { sealCallback, withQuery } from './envelope.js';
import { buildXml } from './xml.js';

export interface CallbackTarget {
  url?: string;
  token: string;
  aesKey: string;
  corpId: string;
  agentId: number;
}

export interface DeliveryPolicy {
  timeoutMs: number;
  tries: number;
  retryIntervalMs: number;
  retryOnNon200: boolean;
}

/** Decides, per callback or per attempt, what the armed faults do. */
export interface DeliveryFaults {
  /** The callback is never sent (lost on WeCom's side). */
  takeCallbackDrop(): boolean;
  /** The callback waits until released: WeCom delivers late, after later events. */
  takeCallbackHold(): boolean;
  /** This attempt fails as if the network did. */
  takeCallbackFailure(): boolean;
  /** The URL was never verified in the admin console, so WeCom sends nothing. */
  callbackUnverified(): boolean;
  /** This callback is delivered a second time after it succeeded (WeCom did not see the answer). */
  takeCallbackDuplicate(): boolean;
  /** How long this callback waits before its first try, so later ones overtake it (0: none). */
  takeCallbackDelay(): number;
}

export interface DeliveryAttempt {
  at: number;
  ok: boolean;
  httpStatus?: number;
  error?: string;
  durationMs: number;
}

/** `held`: kept back by `hold()` or a hold fault until `release()` sends it. */
export type DeliveryStatus = 'held' | 'pending' | 'delivered' | 'failed' | 'dropped' | 'skipped';

export interface CallbackLogEntry {
  id: number;
  event: string;
  changeType?: string;
  /** The decrypted event XML, for tests and the sandbox UI. */
  xml: string;
  url?: string;
  status: DeliveryStatus;
  /** Why a callback was dropped or skipped. */
  reason?: string;
  attempts: DeliveryAttempt[];
  /** How many times the callback was delivered successfully (more than 1 after a duplicate or a redelivery). */
  deliveries: number;
  createdAt: number;
}

export interface ReleaseOptions {
  /** Only these held callbacks, in this order; absent: every held one, and holding ends. */
  ids?: number[];
  /** For all held callbacks: in the order they were made (default) or newest first. */
  order?: 'sent' | 'reversed';
}

export interface SendOptions {
  /** Simulate a lost callback for this one event. */
  drop?: boolean;
}

/**
 * Delivers callbacks as WeCom does: encrypted and signed, 5 s timeout, 3 tries in total, then gives up.
 * Each callback is delivered on its own; `idle()` lets tests wait for every delivery to finish.
 * WeCom neither orders nor deduplicates its deliveries: `hold()`/`release()`, `redeliver()` and the
 * duplicate and delay faults let tests play any order, repeats and late arrivals.
 */
export class CallbackDispatcher {
  private readonly entries: CallbackLogEntry[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly held: { entry: CallbackLogEntry; target: CallbackTarget }[] = [];
  private holding = false;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly target: () => CallbackTarget,
    private readonly policy: () => DeliveryPolicy,
    private readonly faults: DeliveryFaults,
  ) {}

  send(event: CallbackEvent, options: SendOptions = {}): CallbackLogEntry {
    const target = this.target();
    const xml = buildXml(event.fields);
    const entry: CallbackLogEntry = {
      id: this.nextId++,
      event: event.event,
      xml,
      status: 'pending',
      attempts: [],
      deliveries: 0,
      createdAt: Date.now(),
      ...(event.changeType ? { changeType: event.changeType } : {}),
      ...(target.url ? { url: target.url } : {}),
    };
    this.entries.push(entry);
    if (!target.url) return this.finish(entry, 'skipped', 'no callback URL configured');
    if (this.faults.callbackUnverified()) return this.finish(entry, 'skipped', 'callback URL not verified');
    if (options.drop || this.faults.takeCallbackDrop())
      return this.finish(entry, 'dropped', 'dropped by fault');
    if (this.holding || this.faults.takeCallbackHold()) {
      this.held.push({ entry, target });
      return this.finish(entry, 'held');
    }
    const delayMs = this.faults.takeCallbackDelay();
    const duplicate = this.faults.takeCallbackDuplicate();
    this.track(async () => {
      if (delayMs > 0) await this.sleep(delayMs);
      await this.deliver(entry, target);
      if (duplicate && entry.status === 'delivered') await this.deliver(entry, target);
    });
    return entry;
  }

  /** From now on callbacks are kept back (status `held`) until `release()`. */
  hold(): void {
    this.holding = true;
  }

  /**
   * Sends held callbacks one after another, each finished (delivered or given up) before the next starts, so
   * Keeper receives them in exactly this order. Resolves with the ids sent, once all are done.
   */
  async release(options: ReleaseOptions = {}): Promise<number[]> {
    let chosen: { entry: CallbackLogEntry; target: CallbackTarget }[];
    if (options.ids) {
      chosen = options.ids.map((id) => {
        const found = this.held.find((each) => each.entry.id === id);
        if (!found) throw new Error(`callback ${id} is not held`);
        return found;
      });
    } else {
      this.holding = false;
      chosen = options.order === 'reversed' ? [...this.held].reverse() : [...this.held];
    }
    for (const each of chosen) this.held.splice(this.held.indexOf(each), 1);
    await this.track(async () => {
      for (const { entry, target } of chosen) {
        entry.status = 'pending';
        await this.deliver(entry, target);
      }
    });
    return chosen.map(({ entry }) => entry.id);
  }

  /**
   * Delivers a callback from the log once more, as WeCom does when it missed Keeper's answer: the same event
   * with a fresh timestamp, nonce and ciphertext. Resolves when the delivery is done.
   */
  async redeliver(id: number): Promise<CallbackLogEntry> {
    const entry = this.entries.find((each) => each.id === id);
    if (!entry) throw new Error(`no callback ${id} in the log`);
    if (entry.status === 'held') throw new Error(`callback ${id} is held: release it instead`);
    const target = this.target();
    if (!target.url) throw new Error('no callback URL configured');
    await this.track(() => this.deliver(entry, target));
    return entry;
  }

  log(): readonly CallbackLogEntry[] {
    return this.entries;
  }

  /** Forgets the log, and with it whatever is held (those callbacks are never sent). */
  clearLog(): void {
    this.entries.length = 0;
    this.held.length = 0;
    this.holding = false;
  }

  /** Resolves when every pending delivery has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private track(work: () => Promise<void>): Promise<void> {
    const run = work().finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  private finish(entry: CallbackLogEntry, status: DeliveryStatus, reason?: string): CallbackLogEntry {
    entry.status = status;
    if (reason) entry.reason = reason;
    return entry;
  }

  private async deliver(entry: CallbackLogEntry, target: CallbackTarget): Promise<void> {
    const policy = this.policy();
    for (let attempt = 1; attempt <= policy.tries; attempt++) {
      if (this.closed) return void this.finish(entry, 'failed', 'simulator closed');
      const result = await this.attempt(entry.xml, target, policy);
      entry.attempts.push(result);
      if (result.ok) {
        entry.deliveries += 1;
        return void this.finish(entry, 'delivered');
      }
      if (attempt < policy.tries) await this.sleep(policy.retryIntervalMs);
    }
    this.finish(entry, 'failed', `no success after ${policy.tries} tries`);
  }

  private async attempt(
    xml: string,
    target: CallbackTarget,
    policy: DeliveryPolicy,
  ): Promise<DeliveryAttempt> {
    const started = Date.now();
    const at = started;
    if (this.faults.takeCallbackFailure()) {
      return { at, ok: false, error: 'delivery failure (fault)', durationMs: 0 };
    }
    // A fresh timestamp, nonce and ciphertext per try, as a real retry would carry.
    const sealed = sealCallback(xml, target);
    try {
      const res = await fetch(withQuery(target.url ?? '', sealed.query), {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: sealed.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      await res.arrayBuffer();
      const ok = res.status === 200 || (!policy.retryOnNon200 && res.status < 600);
      return { at, ok, httpStatus: res.status, durationMs: Date.now() - started };
    } catch (err) {
      const error =
        err instanceof Error
          ? err.name === 'TimeoutError'
            ? `timeout after ${policy.timeoutMs} ms`
            : err.message
          : String(err);
      return { at, ok: false, error, durationMs: Date.now() - started };
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}
