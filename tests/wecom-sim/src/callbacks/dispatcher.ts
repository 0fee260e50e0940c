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
}

export interface DeliveryAttempt {
  at: number;
  ok: boolean;
  httpStatus?: number;
  error?: string;
  durationMs: number;
}

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
  createdAt: number;
}

export interface SendOptions {
  /** Simulate a lost callback for this one event. */
  drop?: boolean;
  /** Hold this callback back until `release()`: a late delivery. */
  hold?: boolean;
}

/**
 * Delivers callbacks as WeCom does: encrypted and signed, 5 s timeout, 3 tries in total, then gives up.
 * Each callback is delivered on its own; `idle()` lets tests wait for every delivery to finish.
 */
export class CallbackDispatcher {
  private readonly entries: CallbackLogEntry[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
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
      createdAt: Date.now(),
      ...(event.changeType ? { changeType: event.changeType } : {}),
      ...(target.url ? { url: target.url } : {}),
    };
    this.entries.push(entry);
    if (!target.url) return this.finish(entry, 'skipped', 'no callback URL configured');
    if (this.faults.callbackUnverified()) return this.finish(entry, 'skipped', 'callback URL not verified');
    if (options.drop || this.faults.takeCallbackDrop())
      return this.finish(entry, 'dropped', 'dropped by fault');
    if (options.hold || this.faults.takeCallbackHold())
      return this.finish(entry, 'held', 'held back by fault');
    this.start(entry, target);
    return entry;
  }

  /**
   * Delivers held callbacks now, in the order of `ids` (every held one, oldest first, without), each with its
   * original content and CreateTime: WeCom's late delivery of an event that later events overtook.
   */
  release(ids?: readonly number[]): CallbackLogEntry[] {
    const held = this.entries.filter((entry) => entry.status === 'held');
    const chosen = ids
      ? ids.map((id) => {
          const entry = held.find((candidate) => candidate.id === id);
          if (!entry) throw new Error(`callback ${id} is not held`);
          return entry;
        })
      : held;
    const target = this.target();
    for (const entry of chosen) {
      delete entry.reason;
      entry.status = 'pending';
      if (target.url) {
        entry.url = target.url;
        this.start(entry, target);
      } else this.finish(entry, 'skipped', 'no callback URL configured');
    }
    return chosen;
  }

  log(): readonly CallbackLogEntry[] {
    return this.entries;
  }

  clearLog(): void {
    this.entries.length = 0;
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

  private start(entry: CallbackLogEntry, target: CallbackTarget): void {
    const run = this.deliver(entry, target).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
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
      if (result.ok) return void this.finish(entry, 'delivered');
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
