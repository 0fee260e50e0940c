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
import { settleDueTransfers } from './corp/transfer-rules.js';
import type { SimConfig } from './config.js';
import { ArchiveKeys } from './finance/archive-keys.js';

/**
 * The running simulator's parts, shared by the WeCom API, the control API and scenarios. `config` is live:
 * the control API may change the callback URL or limits while it runs.
 */
export class Sim {
  readonly clock = new Clock();
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
        takeCallbackFailure: () => this.faults.takeCallbackFailure(),
        callbackUnverified: () => this.faults.connection.callbackUnverified,
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
    this.state = this.seed(config.seed, config.customers);
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
  }

  /** Emits a callback for a state change made by a scenario (never for API calls: WeCom sends none then). */
  emit(event: CallbackEvent, options: SendOptions = {}): CallbackLogEntry {
    return this.callbacks.send(event, options);
  }

  /** Lets time-based rules catch up with the clock: transfers complete after 24 h. */
  tick(): void {
    const now = this.clock.nowSec();
    for (const { record, takeoverAlreadyFollowed } of settleDueTransfers(
      this.state,
      now,
      this.config.timings.transferCompleteAfterSec,
    )) {
      const ext = record.external_userid;
      if (record.kind === 'onjob') {
        this.emit(
          externalContactEvent(this.config.corpId, now, 'del_external_contact', {
            UserID: record.handover_userid,
            ExternalUserID: ext,
            Source: 'DELETE_BY_TRANSFER',
          }),
        );
      }
      if (!takeoverAlreadyFollowed) {
        this.emit(
          externalContactEvent(this.config.corpId, now, 'add_external_contact', {
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
  }

  private seed(seed: number, customers: number): CorpState {
    const state = new CorpState(this.config.corpId, this.clock, seed, () =>
      this.archiveKeys.currentVersion(),
    );
    seedDemoCorp(state, { seed, customerCount: customers, groupCount: this.config.groups });
    return state;
  }
}
