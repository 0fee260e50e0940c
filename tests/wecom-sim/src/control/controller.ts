import type { CallbackLogEntry, ReleaseOptions } from '../callbacks/dispatcher.js';
import type { VerifyResult } from '../callbacks/verify-url.js';
import type { ConnectionFaults, FaultSnapshot, LostAnswerMode } from '../api/faults.js';
import type { SimConfig } from '../config.js';
import type { Sim } from '../sim.js';
import { chat, chatRecall, chatViolation } from '../scenarios/chat.scenarios.js';
import { confirmMassMessage, issueOauthCode } from '../scenarios/client.scenarios.js';
import {
  addContact,
  completeTransfers,
  customerDeletesMember,
  customerRefusesTransfer,
  editContact,
  memberDeletesCustomer,
  msgAuditApproved,
  takeoverFull,
  transferFails,
} from '../scenarios/contact.scenarios.js';
import {
  departmentChanges,
  memberJoins,
  memberLeaves,
  memberUpdates,
} from '../scenarios/directory.scenarios.js';
import { groupCreate, groupDismiss, groupUpdate } from '../scenarios/group.scenarios.js';
import { scenarios } from '../scenarios/index.js';
import { notFound } from '../scenarios/scenario-error.js';
import { tagChanges } from '../scenarios/tag.scenarios.js';
import { archivedMessage } from '../finance/archived-message.js';
import { counts } from './inspect.js';

type Bound<F> = F extends (sim: Sim, input: infer I) => infer R ? (input: I) => R : never;

/** A scenario as a method; whatever it changed is saved with the corp. */
function bind<F extends (sim: Sim, input: never) => unknown>(sim: Sim, f: F): Bound<F> {
  return ((input: never) => {
    try {
      return f(sim, input);
    } finally {
      sim.changed();
    }
  }) as Bound<F>;
}

export type LimitsPatch = Partial<SimConfig['limits']>;

/** Credentials of the running corp, as a Keeper admin would copy them from the WeCom admin console. */
export interface Credentials {
  corpId: string;
  secrets: SimConfig['secrets'];
  agentId: number;
  token: string;
  aesKey: string;
  callbackUrl?: string;
}

export interface ArchiveKeyStatus {
  versions: number[];
  currentKeyVersion: number | null;
}

export interface ArchivedMessageView {
  seq: number;
  /** Null until the first GetChatData fixes it (the message predates every key). */
  publickey_ver: number | null;
  message: Record<string, unknown>;
}

/**
 * The programmatic control surface (what `/__sim/*` exposes over HTTP): scenarios, faults, time, inspection.
 * In-process tests use it directly.
 */
export class SimController {
  readonly scenarios;

  constructor(private readonly sim: Sim) {
    this.scenarios = {
      addContact: bind(sim, addContact),
      memberDeletesCustomer: bind(sim, memberDeletesCustomer),
      customerDeletesMember: bind(sim, customerDeletesMember),
      editContact: bind(sim, editContact),
      msgAuditApproved: bind(sim, msgAuditApproved),
      transferFails: bind(sim, transferFails),
      customerRefusesTransfer: bind(sim, customerRefusesTransfer),
      takeoverFull: bind(sim, takeoverFull),
      memberJoins: bind(sim, memberJoins),
      memberUpdates: bind(sim, memberUpdates),
      memberLeaves: bind(sim, memberLeaves),
      departmentChanges: bind(sim, departmentChanges),
      tagChanges: bind(sim, tagChanges),
      groupCreate: bind(sim, groupCreate),
      groupUpdate: bind(sim, groupUpdate),
      groupDismiss: bind(sim, groupDismiss),
      chat: bind(sim, chat),
      chatViolation: bind(sim, chatViolation),
      chatRecall: bind(sim, chatRecall),
      confirmMassMessage: bind(sim, confirmMassMessage),
      issueOauthCode: bind(sim, issueOauthCode),
    };
  }

  /** Runs a scenario by its control-API name (e.g. `add-contact`). */
  run(name: string, input: unknown): unknown {
    const def = scenarios[name];
    if (!def) throw notFound(`scenario ${name}`);
    try {
      return def.run(this.sim, input ?? {});
    } finally {
      this.sim.changed();
    }
  }

  readonly faults = {
    /** Every token issued so far answers 42001 from now on. */
    expireTokens: (): { expired: number } => ({ expired: this.sim.tokens.expireAll() }),
    /** The next `count` calls to `path` (or any API) answer `errcode`. */
    error: (errcode: number, count = 1, path?: string): void =>
      this.sim.faults.addError(errcode, count, path),
    /** Slow answers; `lateAnswer`: answered at once from the corp as it is, received `ms` later. */
    delay: (ms: number, count = 1, path?: string, lateAnswer = false): void =>
      this.sim.faults.addDelay(ms, count, path, lateAnswer),
    /** The next `count` calls get their socket destroyed without an answer. */
    dropResponses: (count = 1, path?: string): void => this.sim.faults.addDrop(count, path),
    /**
     * The next `count` calls are carried out (WeCom did it) and then their answer is lost: the connection
     * is reset, or with `hang` never answered. What a timeout after the work looks like to the caller.
     */
    loseAnswers: (count = 1, path?: string, mode: LostAnswerMode = 'reset'): void =>
      this.sim.faults.addLostAnswer(mode, count, path),
    dropCallbacks: (count = 1): void => {
      this.sim.faults.dropCallbacks += count;
    },
    /** The next `count` callbacks wait until `releaseCallbacks` (WeCom delivering late, out of order). */
    holdCallbacks: (count = 1): void => {
      this.sim.faults.holdCallbacks += count;
    },
    /** The next `count` delivery attempts fail as a network failure would (retries follow). */
    failCallbacks: (count = 1): void => {
      this.sim.faults.failCallbacks += count;
    },
    /** The next `count` callbacks are delivered twice (WeCom missed Keeper's first answer). */
    duplicateCallbacks: (count = 1): void => {
      this.sim.faults.duplicateCallbacks += count;
    },
    /** The next `count` callbacks wait `ms` before their first try; later callbacks overtake them. */
    delayCallbacks: (ms: number, count = 1): void => this.sim.faults.addCallbackDelay(ms, count),
    connection: (patch: Partial<ConnectionFaults>): ConnectionFaults => {
      this.sim.faults.setConnection(patch);
      return this.sim.faults.connection;
    },
    clear: (): void => this.sim.faults.clear(),
    snapshot: (): FaultSnapshot => this.sim.faults.snapshot(),
  };

  /** Moves the simulator's clock (tokens, welcome codes, 24 h transfers) and settles what became due. */
  advanceClock(seconds: number): { offsetSeconds: number } {
    this.sim.clock.advance(seconds);
    this.sim.changed();
    this.sim.tick();
    return { offsetSeconds: this.sim.clock.offsetSeconds() };
  }

  completeTransfers(): { completed: number } {
    try {
      return completeTransfers(this.sim);
    } finally {
      this.sim.changed();
    }
  }

  setCallbackUrl(url: string | undefined): void {
    if (url === undefined) delete this.sim.config.callbackUrl;
    else this.sim.config.callbackUrl = new URL(url).toString();
  }

  verifyCallback(url?: string): Promise<VerifyResult> {
    return this.sim.verifyCallback(url);
  }

  setLimits(patch: LimitsPatch): SimConfig['limits'] {
    Object.assign(this.sim.config.limits, patch);
    this.sim.limiter.clear();
    return this.sim.config.limits;
  }

  /** The corp's mass-message receive rule, as an admin sets it in WeCom (群发助手 → 设置群发规则). */
  setMassReceiveRule(
    rule: SimConfig['massReceiveRule'],
    perMonth?: number,
  ): {
    rule: SimConfig['massReceiveRule'];
    perMonth: number;
  } {
    this.sim.config.massReceiveRule = rule;
    if (perMonth !== undefined) this.sim.config.massReceiveLimitPerMonth = perMonth;
    return { rule, perMonth: this.sim.config.massReceiveLimitPerMonth };
  }

  reset(seed?: number, customers?: number): void {
    this.sim.reset(seed, customers);
  }

  /** API requests by path since the start (or the last `clearApiCalls`). */
  apiCalls(): Record<string, number> {
    return Object.fromEntries(this.sim.apiCalls);
  }

  clearApiCalls(): void {
    this.sim.apiCalls.clear();
  }

  callbackLog(): readonly CallbackLogEntry[] {
    return this.sim.callbacks.log();
  }

  /** Keeps every callback from now on back until `releaseCallbacks`. */
  holdCallbacks(): void {
    this.sim.callbacks.hold();
  }

  /** Sends held callbacks one by one in the chosen order; resolves with their ids once all are done. */
  releaseCallbacks(options: ReleaseOptions = {}): Promise<number[]> {
    return this.sim.callbacks.release(options);
  }

  /** Delivers a logged callback once more, as a WeCom retry; resolves when that delivery is done. */
  redeliverCallback(id: number): Promise<CallbackLogEntry> {
    return this.sim.callbacks.redeliver(id);
  }

  /** Resolves once every callback in flight was delivered or given up on. */
  callbacksIdle(): Promise<void> {
    return this.sim.callbacks.idle();
  }

  credentials(): Credentials {
    const c = this.sim.config;
    return {
      corpId: c.corpId,
      secrets: { ...c.secrets },
      agentId: c.agentId,
      token: c.token,
      aesKey: c.aesKey,
      ...(c.callbackUrl ? { callbackUrl: c.callbackUrl } : {}),
    };
  }

  status(): Record<string, unknown> {
    const sim = this.sim;
    const verified = sim.faults.connection.callbackUnverified ? false : (sim.lastVerification?.ok ?? null);
    return {
      sandbox: true,
      corpId: sim.config.corpId,
      seed: sim.config.seed,
      clockOffsetSeconds: sim.clock.offsetSeconds(),
      callback: {
        url: sim.config.callbackUrl ?? null,
        verified,
        lastVerification: sim.lastVerification ?? null,
      },
      counts: counts(sim),
      faults: sim.faults.snapshot(),
      limits: sim.config.limits,
      archiveLatestSeq: sim.state.chats.latestSeq(),
      archiveKeys: this.archiveKeys(),
    };
  }

  /** Keeper's archive public-key versions known to the corp, and the one new messages use. */
  archiveKeys(): ArchiveKeyStatus {
    return {
      versions: this.sim.archiveKeys.versions(),
      currentKeyVersion: this.sim.archiveKeys.currentVersion() ?? null,
    };
  }

  /** Adds public keys (PEM by version) and/or switches the current version: a key rotation in the admin console. */
  setArchiveKeys(patch: {
    publicKeys?: Record<string, string>;
    currentKeyVersion?: number;
  }): ArchiveKeyStatus {
    this.sim.archiveKeys.update(patch.publicKeys ?? {}, patch.currentKeyVersion);
    this.sim.changed();
    return this.archiveKeys();
  }

  /** What DecryptData yields for each archived message after `afterSeq`: the plain JSON tests compare with. */
  archivedMessages(afterSeq: number, limit: number): ArchivedMessageView[] {
    return this.sim.state.chats.since(afterSeq, limit).map((m) => ({
      seq: m.seq,
      publickey_ver: m.keyVersion ?? null,
      message: archivedMessage(m),
    }));
  }
}
