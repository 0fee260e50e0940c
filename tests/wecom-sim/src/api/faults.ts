import type { AppRole } from './tokens.js';

/** Paths are matched without the `/cgi-bin/` prefix, so `externalcontact/list` and the full path both work. */
export function normalizePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/^cgi-bin\//, '');
}

interface PathFault {
  /** Absent: any API. */
  path?: string;
  remaining: number;
}

export interface ErrorFault extends PathFault {
  errcode: number;
}

export interface DelayFault extends PathFault {
  ms: number;
  /**
   * The answer is made when the call arrives and reaches the caller `ms` later, so it shows the corp as it was
   * (what a slow page of a long sync looks like); otherwise the call waits before it is answered.
   */
  lateAnswer?: boolean;
}

/**
 * How an answer is lost after WeCom did the work: `reset` destroys the connection at once, `hang` never
 * answers (the caller's own timeout ends it).
 */
export type LostAnswerMode = 'reset' | 'hang';

export interface LostAnswerFault extends PathFault {
  mode: LostAnswerMode;
}

/** Misconfigurations a connection check should detect, each as WeCom reports it. */
export interface ConnectionFaults {
  /** gettoken with these apps' secrets answers 40001 (wrong or reset secret). */
  rejectedSecrets: AppRole[];
  /** Every call answers 60020 (server IP not in the app's trusted list). */
  ipNotTrusted: boolean;
  /** The contact app is not listed under 客户联系 → externalcontact APIs answer 48002. */
  contactAppNotListed: boolean;
  /** Chat archiving not enabled → msgaudit APIs answer 301053. */
  archiveNotEnabled: boolean;
  /** The callback URL was never verified in the admin console: WeCom sends no callbacks. */
  callbackUnverified: boolean;
}

export interface FaultSnapshot {
  errors: ErrorFault[];
  delays: DelayFault[];
  drops: PathFault[];
  lostAnswers: LostAnswerFault[];
  dropCallbacks: number;
  holdCallbacks: number;
  failCallbacks: number;
  duplicateCallbacks: number;
  /** Delays of the next callbacks, one per callback, first first. */
  callbackDelaysMs: number[];
  connection: ConnectionFaults;
}

function emptyConnection(): ConnectionFaults {
  return {
    rejectedSecrets: [],
    ipNotTrusted: false,
    contactAppNotListed: false,
    archiveNotEnabled: false,
    callbackUnverified: false,
  };
}

function take<T extends PathFault>(list: T[], path: string): T | undefined {
  const p = normalizePath(path);
  const i = list.findIndex((f) => f.path === undefined || normalizePath(f.path) === p);
  if (i < 0) return undefined;
  const fault = list[i] as T;
  fault.remaining -= 1;
  if (fault.remaining <= 0) list.splice(i, 1);
  return fault;
}

/** Faults armed through the control API; each "next N calls" fault counts itself down. */
export class Faults {
  private errors: ErrorFault[] = [];
  private delays: DelayFault[] = [];
  private drops: PathFault[] = [];
  private lostAnswers: LostAnswerFault[] = [];
  dropCallbacks = 0;
  holdCallbacks = 0;
  failCallbacks = 0;
  duplicateCallbacks = 0;
  private callbackDelaysMs: number[] = [];
  connection: ConnectionFaults = emptyConnection();

  addError(errcode: number, count: number, path?: string): void {
    this.errors.push({ errcode, remaining: count, ...(path ? { path } : {}) });
  }

  addDelay(ms: number, count: number, path?: string, lateAnswer = false): void {
    this.delays.push({
      ms,
      remaining: count,
      ...(path ? { path } : {}),
      ...(lateAnswer ? { lateAnswer } : {}),
    });
  }

  addDrop(count: number, path?: string): void {
    this.drops.push({ remaining: count, ...(path ? { path } : {}) });
  }

  addLostAnswer(mode: LostAnswerMode, count: number, path?: string): void {
    this.lostAnswers.push({ mode, remaining: count, ...(path ? { path } : {}) });
  }

  takeError(path: string): number | undefined {
    return take(this.errors, path)?.errcode;
  }

  takeDelay(path: string): { ms: number; lateAnswer: boolean } {
    const fault = take(this.delays, path);
    return { ms: fault?.ms ?? 0, lateAnswer: fault?.lateAnswer ?? false };
  }

  takeDrop(path: string): boolean {
    return take(this.drops, path) !== undefined;
  }

  /** How this call's answer is lost once the call is done, if it is. */
  takeLostAnswer(path: string): LostAnswerMode | undefined {
    return take(this.lostAnswers, path)?.mode;
  }

  /** True when this callback should silently never be sent. */
  takeCallbackDrop(): boolean {
    return this.takeOne('dropCallbacks');
  }

  /** True when this callback should wait until released (a late delivery). */
  takeCallbackHold(): boolean {
    return this.takeOne('holdCallbacks');
  }

  /** True when this delivery attempt should fail as if the network did. */
  takeCallbackFailure(): boolean {
    return this.takeOne('failCallbacks');
  }

  /** True when this callback should be delivered a second time after it succeeded. */
  takeCallbackDuplicate(): boolean {
    return this.takeOne('duplicateCallbacks');
  }

  /** Counts one of the "next N callbacks" faults down; true when it was armed. */
  private takeOne(key: 'dropCallbacks' | 'holdCallbacks' | 'failCallbacks' | 'duplicateCallbacks'): boolean {
    if (this[key] <= 0) return false;
    this[key] -= 1;
    return true;
  }

  /** The next `count` callbacks wait `ms` before their first try. */
  addCallbackDelay(ms: number, count: number): void {
    for (let i = 0; i < count; i++) this.callbackDelaysMs.push(ms);
  }

  takeCallbackDelay(): number {
    return this.callbackDelaysMs.shift() ?? 0;
  }

  setConnection(patch: Partial<ConnectionFaults>): void {
    this.connection = { ...this.connection, ...patch };
  }

  clear(): void {
    this.errors = [];
    this.delays = [];
    this.drops = [];
    this.lostAnswers = [];
    this.dropCallbacks = 0;
    this.holdCallbacks = 0;
    this.failCallbacks = 0;
    this.duplicateCallbacks = 0;
    this.callbackDelaysMs = [];
    this.connection = emptyConnection();
  }

  snapshot(): FaultSnapshot {
    return {
      errors: this.errors.map((f) => ({ ...f })),
      delays: this.delays.map((f) => ({ ...f })),
      drops: this.drops.map((f) => ({ ...f })),
      lostAnswers: this.lostAnswers.map((f) => ({ ...f })),
      dropCallbacks: this.dropCallbacks,
      holdCallbacks: this.holdCallbacks,
      failCallbacks: this.failCallbacks,
      duplicateCallbacks: this.duplicateCallbacks,
      callbackDelaysMs: [...this.callbackDelaysMs],
      connection: { ...this.connection, rejectedSecrets: [...this.connection.rejectedSecrets] },
    };
  }
}
