import { CallbackDispatcher, type CallbackLogEntry, type SendOptions } from './callbacks/dispatcher.js';
import { externalContactEvent, msgauditNotifyEvent, type CallbackEvent } from './callbacks/events.js';
import { MsgauditNotifier } from './callbacks/msgaudit-notifier.js';
import { verifyCallbackUrl, type VerifyResult } from './callbacks/verify-url.js';
import { Faults } from './api/faults.js';
import { RateLimiter } from './api/rate-limit.js';
import { TokenStore } from './api/tokens.js';
import { Clock } from './corp/clock.js';
import { CorpState } from './corp/corp-state.js';
import { seedDemoCorp } from './corp/demo-corp.js';
import { MediaStore } from './corp/media-store.js';
import { settleDueTransfers } from './corp/transfer-rules.js';
import type { SimConfig } from './config.js';
import { ArchiveKeys } from './finance/archive-keys.js';
import { corpSnapshot, restoreCorp, SNAPSHOT_FORMAT, type SimSnapshot } from './persist/corp-snapshot.js';
import { SnapshotFile } from './persist/snapshot-file.js';

/**
 * The running simulator's parts, shared by the WeCom API, the control API and scenarios. `config` is live:
 * the control API may change the callback URL or limits while it runs.
 */
export class Sim {
  readonly clock = new Clock();
  /** API requests by path that passed the token check, for tests and benchmarks to count. */
  readonly apiCalls = new Map<string, number>();
  /** Uploaded media (temporary media_ids and uploadimg images); in memory only, as they expire anyway. */
  readonly media = new MediaStore();
  readonly faults = new Faults();
  readonly limiter = new RateLimiter(this.clock);
  /** Per-member app-message limits, separate from the per-API ones. */
  readonly memberMessageLimiter = new RateLimiter(this.clock);
  readonly tokens: TokenStore;
  readonly callbacks: CallbackDispatcher;
  readonly notifier: MsgauditNotifier;
  /** Keeper's archive public keys by version; survives a reset, like the admin console's setting. */
  readonly archiveKeys: ArchiveKeys;
  state: CorpState;
  /** Where callers reach the simulator; avatar URLs in API answers start with it. Set once listening. */
  publicUrl: string;
  /** Result of the last URL verification, reported by /__sim/status. */
  lastVerification: VerifyResult | undefined;
  /** Where the corp is kept across restarts (`stateFile`); without one it lives in memory only. */
  private readonly snapshotFile: SnapshotFile | undefined;

  constructor(readonly config: SimConfig) {
    this.publicUrl = `http://127.0.0.1:${config.port}`;
    this.tokens = new TokenStore(this.clock, config.timings.tokenTtlSec, config.secrets);
    this.callbacks = new CallbackDispatcher(
      () => ({
        token: this.config.token,
        aesKey: this.config.aesKey,
        corpId: this.config.corpId,
        agentId: this.config.agentId,
        ...(this.config.callbackUrl ? { url: this.config.callbackUrl } : {}),
      }),
      () => this.config.callbacks,
      {
        takeCallbackDrop: () => this.faults.takeCallbackDrop(),
        takeCallbackHold: () => this.faults.takeCallbackHold(),
        takeCallbackFailure: () => this.faults.takeCallbackFailure(),
        callbackUnverified: () => this.faults.connection.callbackUnverified,
        takeCallbackDuplicate: () => this.faults.takeCallbackDuplicate(),
        takeCallbackDelay: () => this.faults.takeCallbackDelay(),
      },
    );
    this.notifier = new MsgauditNotifier(
      () => this.config.msgauditNotifyIntervalMs,
      () =>
        this.callbacks.send(
          msgauditNotifyEvent(this.config.corpId, this.clock.nowSec(), this.config.msgauditAgentId),
        ),
    );
    this.archiveKeys = new ArchiveKeys(config.archive.publicKeys, config.archive.currentKeyVersion);
    this.snapshotFile = config.stateFile
      ? new SnapshotFile(config.stateFile, () => this.snapshot())
      : undefined;
    const saved = this.snapshotFile?.read();
    if (saved) {
      this.state = this.restore(saved);
    } else {
      this.state = this.seed(config.seed, config.customers);
      this.snapshotFile?.write(this.snapshot());
    }
  }

  /** Records that the corp changed, so a restart finds it as it is now. */
  changed(): void {
    this.snapshotFile?.changed();
  }

  snapshot(): SimSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      savedAt: new Date().toISOString(),
      corpId: this.config.corpId,
      seed: this.config.seed,
      customerCount: this.config.customers,
      clockOffsetSeconds: this.clock.offsetSeconds(),
      archiveKeys: {
        publicKeys: this.archiveKeys.pems(),
        currentKeyVersion: this.archiveKeys.currentVersion() ?? null,
      },
      tokens: this.tokens.valid(),
      corp: corpSnapshot(this.state),
    };
  }

  /** The saved corp; keys given at start are added to the saved ones and their current version wins. */
  private restore(saved: SimSnapshot): CorpState {
    if (saved.corpId !== this.config.corpId) {
      throw new Error(
        `${this.config.stateFile} holds corp ${saved.corpId}, not ${this.config.corpId}; move it away to start afresh`,
      );
    }
    this.config.seed = saved.seed;
    this.config.customers = saved.customerCount;
    this.clock.restoreOffset(saved.clockOffsetSeconds);
    this.archiveKeys.update(
      { ...saved.archiveKeys.publicKeys, ...this.config.archive.publicKeys },
      this.config.archive.currentKeyVersion ?? saved.archiveKeys.currentKeyVersion ?? undefined,
    );
    this.tokens.restore(saved.tokens);
    return restoreCorp(saved, this.clock, () => this.archiveKeys.currentVersion());
  }

  /** A fresh demo corp; tokens stay valid, as WeCom does not forget them when data changes. */
  reset(seed = this.config.seed, customers = this.config.customers): void {
    this.config.seed = seed;
    this.config.customers = customers;
    this.clock.reset();
    this.faults.clear();
    this.limiter.clear();
    this.memberMessageLimiter.clear();
    this.callbacks.clearLog();
    this.state = this.seed(seed, customers);
    this.changed();
  }

  /** Emits a callback for a state change made by a scenario (never for API calls: WeCom sends none then). */
  emit(event: CallbackEvent, options: SendOptions = {}): CallbackLogEntry {
    return this.callbacks.send(event, options);
  }

  /** Lets time-based rules catch up with the clock: transfers complete (or fail) when their takeover time comes. */
  tick(): void {
    const settled = settleDueTransfers(this.state, this.clock.nowSec());
    if (settled.length > 0) this.changed();
    for (const s of settled) {
      const { record } = s;
      const ext = record.external_userid;
      // Each event carries the moment it happened, which may lie before a clock jump that revealed it.
      const at = s.outcome === 'done' ? record.takeover_time : this.clock.nowSec();
      if (s.outcome === 'limit') {
        // Like a refusal: only the takeover and the customer, no handover and no on-job/resigned flag.
        this.emit(
          externalContactEvent(this.config.corpId, at, 'transfer_fail', {
            FailReason: 'customer_limit_exceed',
            UserID: record.takeover_userid,
            ExternalUserID: ext,
          }),
        );
        continue;
      }
      if (record.kind === 'onjob') {
        this.emit(
          externalContactEvent(this.config.corpId, at, 'del_external_contact', {
            UserID: record.handover_userid,
            ExternalUserID: ext,
            Source: 'DELETE_BY_TRANSFER',
          }),
        );
      }
      if (!s.takeoverAlreadyFollowed) {
        this.emit(
          externalContactEvent(this.config.corpId, at, 'add_external_contact', {
            UserID: record.takeover_userid,
            ExternalUserID: ext,
          }),
        );
      }
    }
  }

  async verifyCallback(url = this.config.callbackUrl): Promise<VerifyResult> {
    if (!url) throw new Error('no callback URL configured');
    this.lastVerification = await verifyCallbackUrl({
      url,
      token: this.config.token,
      aesKey: this.config.aesKey,
      corpId: this.config.corpId,
      timeoutMs: this.config.callbacks.timeoutMs,
    });
    return this.lastVerification;
  }

  close(): void {
    this.callbacks.close();
    this.notifier.close();
    this.snapshotFile?.flush();
  }

  private seed(seed: number, customers: number): CorpState {
    const state = new CorpState(this.config.corpId, this.clock, seed, () =>
      this.archiveKeys.currentVersion(),
    );
    seedDemoCorp(state, { seed, customerCount: customers, groupCount: this.config.groups });
    return state;
  }
}
