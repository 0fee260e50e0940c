import { WeComError, type WeComClient } from '@keeper/bot';
import {
  DEFAULT_TRANSFER_MESSAGE,
  HandoverKind,
  ItemKind,
  ItemState,
  RECEIVER_PLACEHOLDER,
  TRANSFER_MESSAGE_MAX,
} from '@keeper/shared';
import { In, type EntityManager } from 'typeorm';
import type { DomainEvents } from '../../events/domain-events';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import type { GroupsService } from '../groups/groups.service';
import type { MemberDirectory } from '../org/member-directory.service';
import { HandoverBatchEntity, HandoverCaseEntity, HandoverItemEntity } from './reassign.entity';
import type { ReassignRepository } from './reassign.repository';
import { customerVerdict, GROUP_DAILY_LIMIT, groupVerdict, resultState, RETRY_LATER } from './transfer-codes';
import { TAKEOVER_DELAY_MS, type TransferTracker } from './transfer-tracker';

const LOCK = 'handover-engine';
const LEASE_MS = 120_000;
/** Customers and groups per transfer call (WeCom's maximum for both). */
export const CALL_SIZE = 100;
/** Groups of one old owner WeCom moves per China calendar day. */
export const GROUPS_PER_DAY = 300;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** How often a process that runs jobs looks for plans stored by another process, and for polls come due. */
const POLL_MS = 10_000;

/**
 * Sends planned items to WeCom and settles the answers, one process at a time (a lease).
 *
 * Crash safety: an item is marked `sending` under a batch row before its call, and the call's answer is
 * committed with the batch marked answered. A batch found `sending` later (a crash between call and commit, or
 * an answer lost on the way) is settled from WeCom's `transfer_result` for the pair before anything is sent
 * again: customers WeCom lists were acted on; only the others go back to planned. Groups have no result API;
 * sending one again is answered 90508 (already inherited), which settles it as done.
 */
export class TransferEngine {
  private readonly runner = new CoalescingRunner(
    () => this.runOnce().then(() => undefined),
    (error) => this.deps.logger.warn({ err: error }, 'handover engine run failed'),
  );

  constructor(
    private readonly deps: {
      repository: ReassignRepository;
      tracker: TransferTracker;
      client: WeComClient | undefined;
      groups: GroupsService;
      members: MemberDirectory;
      locks: JobLocks;
      domainEvents: DomainEvents;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  schedule(intervalMs = POLL_MS): void {
    this.runner.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  nudge(): void {
    this.runner.nudge();
  }

  /** One pass: settle interrupted calls, send what is planned, poll what is due. False if another process ran. */
  async runOnce(): Promise<boolean> {
    if (!this.deps.client) return true;
    const ran = await this.deps.locks.runExclusive(LOCK, LEASE_MS, async () => {
      await this.recoverInterrupted();
      await this.sendPlannedCustomers();
      await this.sendPlannedGroups();
      await this.deps.tracker.pollDue();
      for (const caseId of await this.deps.repository.unfinishedCaseIds())
        await this.deps.repository.refreshStatus(caseId, this.deps.now());
      return true;
    });
    return ran === true;
  }

  private async recoverInterrupted(): Promise<void> {
    for (const batch of await this.deps.repository.sendingBatches()) await this.recover(batch);
  }

  private async sendPlannedCustomers(): Promise<void> {
    for (;;) {
      const items = await this.deps.repository.nextPlannedCustomers(CALL_SIZE);
      const first = items[0];
      if (!first?.takeoverUserId) return;
      const sent = await this.sendCustomers(first.caseId, first.takeoverUserId, items);
      if (!sent) return;
    }
  }

  /** One transfer_customer call; false when WeCom asked to come back later (nothing was done). */
  private async sendCustomers(caseId: number, takeoverUserId: string, items: HandoverItemEntity[]) {
    const { repository, client } = this.deps;
    const handoverCase = await repository.findCase(caseId);
    if (!handoverCase || !client) return false;
    const batch = await this.openBatch(handoverCase, ItemKind.Customer, takeoverUserId, items);
    const request = {
      handover_userid: handoverCase.handoverUserId,
      takeover_userid: takeoverUserId,
      external_userid: items.map((item) => item.targetId),
    };
    let answer: Map<string, number>;
    try {
      const reply =
        handoverCase.kind === HandoverKind.Resigned
          ? await client.transferResignedCustomers(request)
          : await client.transferOnJobCustomers({
              ...request,
              transfer_success_msg: await this.messageFor(handoverCase, takeoverUserId),
            });
      answer = new Map(reply.customer.map((each) => [each.external_userid, each.errcode]));
    } catch (error) {
      if (!(error instanceof WeComError)) {
        // The call may have reached WeCom: settle from its results before anything goes again.
        this.deps.logger.warn(
          { err: error, batchId: batch.id },
          'transfer answer lost; settling from results',
        );
        await this.recover(batch).catch((recoverError: unknown) =>
          this.deps.logger.warn({ err: recoverError, batchId: batch.id }, 'settling a lost answer failed'),
        );
        return false;
      }
      if (RETRY_LATER.has(error.code)) {
        await this.reopen(batch);
        return false;
      }
      // WeCom refused the whole call (an unknown receiver, say): every customer of it carries the code.
      answer = new Map(items.map((item) => [item.targetId, error.code]));
    }
    const now = this.deps.now();
    const sentAt = await this.answer(batch, async (manager) => {
      await updateAlike(
        manager,
        items.map((item): ItemChange => {
          // A customer missing from the answer was not started: it goes again in the next call.
          const errcode = answer.get(item.targetId);
          if (errcode === undefined)
            return [item.id, { state: ItemState.Planned, batchId: null, sentAt: null }];
          const verdict = customerVerdict(errcode);
          return [
            item.id,
            {
              state: verdict.state,
              reason: verdict.reason,
              errcode: errcode === 0 ? null : errcode,
              takeoverAt:
                verdict.state === ItemState.Waiting ? new Date(now.getTime() + TAKEOVER_DELAY_MS) : null,
            },
          ];
        }),
      );
      await repository.schedulePoll(
        manager,
        caseId,
        takeoverUserId,
        new Date(now.getTime() + TAKEOVER_DELAY_MS),
      );
    });
    const started = items.filter(
      (item) => customerVerdict(answer.get(item.targetId) ?? -1).state === ItemState.Waiting,
    );
    if (started.length > 0) {
      this.deps.domainEvents.publish('handover.sent', {
        caseId: String(caseId),
        handoverUserId: handoverCase.handoverUserId,
        takeoverUserId,
        count: started.length,
        takeoverAt: new Date(sentAt.getTime() + TAKEOVER_DELAY_MS).toISOString(),
      });
    }
    this.deps.tracker.progress(handoverCase);
    return true;
  }

  private async sendPlannedGroups(): Promise<void> {
    const { repository } = this.deps;
    const now = this.deps.now();
    const planned = await repository.plannedGroups();
    const due = planned.filter((item) => !item.notBefore || item.notBefore <= now);
    const byCaseAndOwner = new Map<string, HandoverItemEntity[]>();
    for (const item of due) {
      const key = `${item.caseId}\u0000${item.takeoverUserId}`;
      byCaseAndOwner.set(key, [...(byCaseAndOwner.get(key) ?? []), item]);
    }
    for (const items of byCaseAndOwner.values()) {
      const handoverCase = await repository.findCase(items[0]!.caseId);
      if (!handoverCase) continue;
      const { start, end } = chinaDay(now);
      const movedToday = await repository.groupsMovedBetween(handoverCase.handoverUserId, start, end);
      const allowed = Math.max(0, GROUPS_PER_DAY - movedToday);
      const today = items.slice(0, allowed);
      const tomorrow = items.slice(allowed);
      if (tomorrow.length > 0) await this.holdUntil(tomorrow, end);
      for (let start = 0; start < today.length; start += CALL_SIZE) {
        const sent = await this.sendGroups(handoverCase, today.slice(start, start + CALL_SIZE), end);
        if (!sent) break;
      }
    }
  }

  private async sendGroups(handoverCase: HandoverCaseEntity, items: HandoverItemEntity[], nextDay: Date) {
    const client = this.deps.client!;
    const newOwner = items[0]!.takeoverUserId!;
    const batch = await this.openBatch(handoverCase, ItemKind.Group, newOwner, items);
    const request = { chat_id_list: items.map((item) => item.targetId), new_owner: newOwner };
    let failed: Map<string, number>;
    try {
      const reply =
        handoverCase.kind === HandoverKind.Resigned
          ? await client.transferResignedGroupChats(request)
          : await client.transferOnJobGroupChats(request);
      failed = new Map((reply.failed_chat_list ?? []).map((each) => [each.chat_id, each.errcode]));
    } catch (error) {
      if (error instanceof WeComError && error.code === GROUP_DAILY_LIMIT) {
        await this.reopen(batch);
        await this.holdUntil(items, nextDay);
        return false;
      }
      if (!(error instanceof WeComError) || RETRY_LATER.has(error.code)) {
        // Sending a group again is harmless (90508 settles it as done): put it back for the next pass.
        await this.reopen(batch);
        return false;
      }
      failed = new Map(items.map((item) => [item.targetId, error.code]));
    }
    const now = this.deps.now();
    await this.answer(batch, async (manager) => {
      await updateAlike(
        manager,
        items.map((item): ItemChange => {
          const verdict = groupVerdict(failed.get(item.targetId) ?? 0);
          return [
            item.id,
            {
              state: verdict.state,
              reason: verdict.reason,
              errcode: failed.get(item.targetId) ?? null,
              takeoverAt: verdict.state === ItemState.Done ? now : null,
            },
          ];
        }),
      );
      for (const item of items) {
        if (groupVerdict(failed.get(item.targetId) ?? 0).state === ItemState.Done)
          await this.deps.groups.recordOwner(manager, item.targetId, newOwner);
      }
    });
    this.deps.tracker.progress(handoverCase);
    return true;
  }

  /** Marks the items as sending under a new batch, before the call. */
  private async openBatch(
    handoverCase: HandoverCaseEntity,
    kind: ItemKind,
    takeoverUserId: string,
    items: HandoverItemEntity[],
  ): Promise<HandoverBatchEntity> {
    const now = this.deps.now();
    return this.deps.repository.transaction(async (manager) => {
      const { identifiers } = await manager.insert(HandoverBatchEntity, {
        caseId: handoverCase.id,
        kind,
        takeoverUserId,
        status: 'sending',
      });
      const batchId = Number(identifiers[0]!.id);
      await manager.update(
        HandoverItemEntity,
        { id: In(items.map((item) => item.id)), state: ItemState.Planned },
        { state: ItemState.Sending, batchId, sentAt: now },
      );
      return manager.findOneByOrFail(HandoverBatchEntity, { id: batchId });
    });
  }

  /** Commits a call's answer with its batch marked answered; returns the batch's send time. */
  private async answer(
    batch: HandoverBatchEntity,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<Date> {
    // The case's status is recounted by the progress notice the caller publishes, and again at the pass's end.
    return this.deps.repository.transaction(async (manager) => {
      await work(manager);
      await manager.update(HandoverBatchEntity, batch.id, { status: 'answered' });
      const first = await manager.findOne(HandoverItemEntity, { where: { batchId: batch.id } });
      return first?.sentAt ?? this.deps.now();
    });
  }

  /** WeCom did nothing with the call: its items are planned again. */
  private async reopen(batch: HandoverBatchEntity): Promise<void> {
    await this.answer(batch, (manager) =>
      manager
        .update(
          HandoverItemEntity,
          { batchId: batch.id, state: ItemState.Sending },
          { state: ItemState.Planned, batchId: null, sentAt: null },
        )
        .then(() => undefined),
    );
  }

  /** Holds groups for WeCom's next day (300 groups of one owner a day). */
  private async holdUntil(items: HandoverItemEntity[], notBefore: Date): Promise<void> {
    await this.deps.repository.transaction((manager) =>
      manager.update(HandoverItemEntity, { id: In(items.map((item) => item.id)) }, { notBefore }),
    );
  }

  /**
   * Settles a batch whose answer never arrived. Customers: WeCom's results for the pair tell which were started
   * (those get their state from the result), the rest go back to planned. Groups go back to planned.
   */
  private async recover(batch: HandoverBatchEntity): Promise<void> {
    const { repository, tracker } = this.deps;
    const handoverCase = await repository.findCase(batch.caseId);
    if (!handoverCase) return;
    if (batch.kind === ItemKind.Group) return this.reopen(batch);
    const results = await tracker.results(handoverCase, batch.takeoverUserId);
    const now = this.deps.now();
    await this.answer(batch, async (manager) => {
      const items = await manager.find(HandoverItemEntity, {
        where: { batchId: batch.id, state: ItemState.Sending },
      });
      for (const item of items) {
        const entry = results.get(item.targetId);
        if (!entry) {
          await manager.update(HandoverItemEntity, item.id, {
            state: ItemState.Planned,
            batchId: null,
            sentAt: null,
          });
          continue;
        }
        const takeoverAt = entry.takeover_time
          ? new Date(entry.takeover_time * 1000)
          : new Date((item.sentAt ?? now).getTime() + TAKEOVER_DELAY_MS);
        await tracker.settle(manager, handoverCase, item, resultState(entry.status), takeoverAt);
      }
      await repository.schedulePoll(
        manager,
        batch.caseId,
        batch.takeoverUserId,
        new Date(now.getTime() + TAKEOVER_DELAY_MS),
      );
    });
    tracker.progress(handoverCase);
  }

  /** The on-duty message with the receiver's name, within WeCom's 200 characters. */
  private async messageFor(handoverCase: HandoverCaseEntity, takeoverUserId: string): Promise<string> {
    const name = (await this.deps.members.namesOf([takeoverUserId])).get(takeoverUserId) ?? takeoverUserId;
    return (handoverCase.message ?? DEFAULT_TRANSFER_MESSAGE)
      .replaceAll(RECEIVER_PLACEHOLDER, name)
      .slice(0, TRANSFER_MESSAGE_MAX);
  }
}

type ItemChange = [
  id: number,
  change: Partial<
    Pick<HandoverItemEntity, 'state' | 'reason' | 'errcode' | 'takeoverAt' | 'batchId' | 'sentAt'>
  >,
];

/** Writes a call's answer in one UPDATE per distinct change (for most calls, one), not one per item. */
async function updateAlike(manager: EntityManager, changes: ItemChange[]): Promise<void> {
  const alike = new Map<string, { change: ItemChange[1]; ids: number[] }>();
  for (const [id, change] of changes) {
    const key = JSON.stringify(change);
    const found = alike.get(key) ?? { change, ids: [] };
    found.ids.push(id);
    alike.set(key, found);
  }
  for (const { change, ids } of alike.values())
    await manager.update(HandoverItemEntity, { id: In(ids) }, change);
}

/** The China calendar day (UTC+8) around `now`, as UTC instants: WeCom's daily limits count by it. */
export function chinaDay(now: Date): { start: Date; end: Date } {
  const start = Math.floor((now.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  return { start: new Date(start), end: new Date(start + DAY_MS) };
}
