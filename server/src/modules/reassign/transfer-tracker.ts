import { WeComError, type TransferResultReply, type WeComClient } from '@keeper/bot';
import { HandoverKind, HandoverReason, ItemKind, ItemState } from '@keeper/shared';
import type { EntityManager } from 'typeorm';
import { dialectOf } from '../../db/sql';
import type { DomainEvents } from '../../events/domain-events';
import type { Logger } from '../../logger';
import type { CustomerBook, FollowSnapshot } from '../customers/customer-book';
import type { TransferProgress, TransferWatch } from '../customers/customer-events.handler';
import { HandoverCaseEntity, HandoverItemEntity, HandoverPollEntity } from './reassign.entity';
import type { ReassignRepository } from './reassign.repository';
import { resultState } from './transfer-codes';

const HOUR_MS = 3_600_000;
/** Customers settled per transaction when a poll brings many completions. */
const SETTLE_CHUNK = 100;
/** WeCom completes a transfer 24 h after the call unless the customer refuses meanwhile. */
export const TAKEOVER_DELAY_MS = 24 * HOUR_MS;
const FAIL_REASONS: Record<string, ItemState> = {
  customer_refused: ItemState.Refused,
  customer_limit_exceed: ItemState.ReceiverFull,
};

export type ResultEntry = TransferResultReply['customer'][number];

/**
 * Follows every transfer Keeper started to its end. Four sources feed it: `transfer_result` polled per
 * (case, receiver) pair — first after WeCom's takeover time, then hourly until nothing of the pair waits —
 * the `transfer_fail` callback, the receiver's `add_external_contact`, and the handover's
 * `del_external_contact` with DELETE_BY_TRANSFER. When they disagree (the result API has reported a refusal for
 * a transfer that completed), the customer's `follow_user` as WeCom answers it decides.
 */
export class TransferTracker implements TransferWatch {
  constructor(
    private readonly deps: {
      repository: ReassignRepository;
      book: CustomerBook;
      client: WeComClient | undefined;
      domainEvents: DomainEvents;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  /** Polls every pair whose time has come. */
  async pollDue(): Promise<void> {
    for (const poll of await this.deps.repository.duePolls(this.deps.now())) await this.poll(poll);
  }

  /** Polls every pair of a case now (the console's 刷新进度). */
  async pollCase(caseId: number): Promise<void> {
    for (const poll of await this.deps.repository.polls(caseId)) await this.poll(poll);
  }

  /** WeCom's results for the pair, all pages. */
  async results(handoverCase: HandoverCaseEntity, takeoverUserId: string): Promise<Map<string, ResultEntry>> {
    const client = this.deps.client;
    const results = new Map<string, ResultEntry>();
    if (!client) return results;
    const ask =
      handoverCase.kind === HandoverKind.Resigned
        ? client.getResignedTransferResult.bind(client)
        : client.getOnJobTransferResult.bind(client);
    let cursor: string | undefined;
    for (;;) {
      const page = await ask({
        handover_userid: handoverCase.handoverUserId,
        takeover_userid: takeoverUserId,
        ...(cursor ? { cursor } : {}),
      });
      for (const entry of page.customer) results.set(entry.external_userid, entry);
      if (!page.next_cursor) return results;
      cursor = page.next_cursor;
    }
  }

  private async poll(poll: HandoverPollEntity): Promise<void> {
    const { repository } = this.deps;
    const handoverCase = await repository.findCase(poll.caseId);
    if (!handoverCase) return;
    const results = await this.results(handoverCase, poll.takeoverUserId);
    const waiting = (await repository.allItems(poll.caseId, ItemKind.Customer, [ItemState.Waiting])).filter(
      (item) => item.takeoverUserId === poll.takeoverUserId,
    );
    // Refusals and full receivers are checked against follow_user before they are believed.
    const verified = new Map<string, boolean>();
    for (const item of waiting) {
      const entry = results.get(item.targetId);
      const state = entry ? resultState(entry.status) : null;
      if (state === ItemState.Refused || state === ItemState.ReceiverFull)
        verified.set(item.targetId, await this.receiverFollows(item.targetId, poll.takeoverUserId));
    }
    const now = this.deps.now();
    // In chunks: one transaction for a whole pair would hold the locks of thousands of customers for minutes,
    // and the callbacks recording the same completions would wait past the lock timeout. Recording a
    // completion twice does nothing, so a poll stopped between chunks is simply done again.
    for (let start = 0; start < waiting.length; start += SETTLE_CHUNK) {
      await repository.transaction(async (manager) => {
        for (const item of waiting.slice(start, start + SETTLE_CHUNK)) {
          const entry = results.get(item.targetId);
          if (!entry) continue;
          const takeoverAt = entry.takeover_time ? new Date(entry.takeover_time * 1000) : null;
          const state = verified.get(item.targetId) ? ItemState.Done : resultState(entry.status);
          await this.settle(manager, handoverCase, item, state, takeoverAt ?? now);
        }
      });
    }
    await repository.transaction(async (manager) => {
      const stillWaiting = (
        await manager.find(HandoverItemEntity, {
          where: { caseId: poll.caseId, takeoverUserId: poll.takeoverUserId, state: ItemState.Waiting },
        })
      ).map((item) => item.takeoverAt?.getTime() ?? now.getTime());
      const nextTakeover = stillWaiting.length ? Math.min(...stillWaiting) : null;
      await manager.update(HandoverPollEntity, poll.id, {
        polledAt: now,
        dueAt: nextTakeover === null ? null : new Date(Math.max(nextTakeover, now.getTime() + HOUR_MS)),
      });
    });
    this.progress(handoverCase);
  }

  /**
   * Moves an item to what WeCom said of it. Done writes the one timeline entry of the transfer and the new
   * ownership through the customer book; waiting keeps the new takeover time.
   */
  async settle(
    manager: EntityManager,
    handoverCase: HandoverCaseEntity,
    item: HandoverItemEntity,
    state: ItemState,
    at: Date,
    receiverFollow?: FollowSnapshot,
  ): Promise<void> {
    if (state === ItemState.Done) {
      await this.complete(manager, handoverCase, item, at, receiverFollow);
      return;
    }
    if (state === ItemState.Waiting) {
      if (item.state !== ItemState.Waiting || item.takeoverAt?.getTime() !== at.getTime())
        await manager.update(HandoverItemEntity, item.id, { state, takeoverAt: at });
      return;
    }
    // Only a transfer still under way can end as refused, full or without record: a done one stays done.
    if (item.state !== ItemState.Waiting && item.state !== ItemState.Sending) return;
    await manager.update(HandoverItemEntity, item.id, {
      state,
      reason: state === ItemState.ReceiverFull ? HandoverReason.ReceiverFull : null,
      takeoverAt: null,
    });
  }

  private async complete(
    manager: EntityManager,
    handoverCase: HandoverCaseEntity,
    item: HandoverItemEntity,
    at: Date,
    receiverFollow?: FollowSnapshot,
  ): Promise<void> {
    // Read again, locked: two sources (a poll, a callback) may report the same completion at once.
    const current = await manager.findOne(HandoverItemEntity, {
      where: { id: item.id },
      ...(dialectOf(manager.connection) === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!current || current.state === ItemState.Done || !current.takeoverUserId) return;
    await manager.update(HandoverItemEntity, item.id, {
      state: ItemState.Done,
      takeoverAt: at,
      reason: null,
    });
    await this.deps.book.recordTransfer(manager, item.targetId, {
      from: handoverCase.handoverUserId,
      to: current.takeoverUserId,
      at,
      detail: {
        mode: handoverCase.kind,
        handoverUserId: handoverCase.handoverUserId,
        takeoverUserId: current.takeoverUserId,
        by: current.plannedBy,
        caseId: handoverCase.id,
      },
      ...(receiverFollow ? { receiverFollow } : {}),
    });
  }

  /** Whether WeCom lists the receiver among the customer's follow users now (the deciding read). */
  private async receiverFollows(externalUserId: string, takeoverUserId: string): Promise<boolean> {
    if (!this.deps.client) return false;
    try {
      const reply = await this.deps.client.getCustomer(externalUserId);
      return reply.follow_user.some((follow) => follow.userid === takeoverUserId);
    } catch (error) {
      if (error instanceof WeComError) return false;
      throw error;
    }
  }

  // ---- callbacks (TransferWatch) ------------------------------------------------------------------------------

  async followStarted(
    manager: EntityManager,
    externalUserId: string,
    follow: FollowSnapshot,
    at: Date,
  ): Promise<TransferProgress[]> {
    const items = await this.deps.repository.openItems(manager, {
      targetId: externalUserId,
      takeoverUserId: follow.userId,
    });
    const touched: TransferProgress[] = [];
    for (const item of items) {
      const handoverCase = await manager.findOneByOrFail(HandoverCaseEntity, { id: item.caseId });
      await this.complete(manager, handoverCase, item, follow.addedAt ?? at, follow);
      touched.push(progressOf(handoverCase));
    }
    return touched;
  }

  async transferredAway(
    manager: EntityManager,
    externalUserId: string,
    userId: string,
    at: Date,
  ): Promise<TransferProgress[]> {
    const cases = await this.deps.repository.casesOf(manager, userId);
    if (cases.length === 0) return [];
    const items = (
      await this.deps.repository.openItems(manager, {
        targetId: externalUserId,
        caseIds: cases.map((each) => each.id),
      })
    ).filter((item) => item.state === ItemState.Waiting || item.state === ItemState.Sending);
    const touched: TransferProgress[] = [];
    for (const item of items) {
      const handoverCase = cases.find((each) => each.id === item.caseId)!;
      await this.complete(manager, handoverCase, item, at);
      touched.push(progressOf(handoverCase));
    }
    return touched;
  }

  async transferFailed(
    manager: EntityManager,
    externalUserId: string,
    takeoverUserId: string,
    reason: string,
    _at: Date,
  ): Promise<TransferProgress[]> {
    const state = FAIL_REASONS[reason] ?? ItemState.Refused;
    const items = await this.deps.repository.openItems(manager, { targetId: externalUserId, takeoverUserId });
    const touched: TransferProgress[] = [];
    for (const item of items) {
      if (item.state !== ItemState.Waiting && item.state !== ItemState.Sending) continue;
      // The receiver following the customer in the book (from WeCom's own answer) outweighs the callback.
      if (await this.deps.book.isFollowing(manager, externalUserId, takeoverUserId)) continue;
      const handoverCase = await manager.findOneByOrFail(HandoverCaseEntity, { id: item.caseId });
      await this.settle(manager, handoverCase, item, state, this.deps.now());
      touched.push(progressOf(handoverCase));
    }
    return touched;
  }

  progress(handoverCase: HandoverCaseEntity): void {
    this.deps.domainEvents.publish('handover.progress', progressOf(handoverCase));
  }
}

const progressOf = (handoverCase: HandoverCaseEntity): TransferProgress => ({
  caseId: String(handoverCase.id),
  handoverUserId: handoverCase.handoverUserId,
});
