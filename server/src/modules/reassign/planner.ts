import { WeComError, type WeComClient } from '@keeper/bot';
import {
  HandoverKind,
  HandoverReason,
  ItemKind,
  ItemState,
  MemberStatus,
  type Distribution,
  type PlanRequest,
  type Selection,
} from '@keeper/shared';
import type { ConversationDirectory } from '../archive/conversation-directory';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { MemberDirectory } from '../org/member-directory.service';
import { RESIGNED_WINDOW_MS } from './departures';
import type { HandoverCaseEntity, HandoverItemEntity } from './reassign.entity';
import type { ReassignRepository } from './reassign.repository';
import { customerVerdict } from './transfer-codes';

const NINETY_DAYS_MS = 90 * 86_400_000;
const ONJOB_PER_90_DAYS = 2;

/** One item's fate in a plan: sent to `receiver`, skipped (no call needed) or blocked with a reason. */
export interface PlannedRow {
  item: HandoverItemEntity;
  receiver: string | null;
  verdict: 'go' | 'skip' | 'blocked';
  reason: HandoverReason | null;
}

/**
 * Turns a manager's choice (which customers, which receivers, how to spread them) into a row per customer and
 * group, checking beforehand what Keeper can know will fail: a receiver who cannot take customers (or whom
 * WeCom last reported at their customer limit), one who already follows the customer, the on-duty 90-day rule, a member who no longer follows the customer, a
 * departure past WeCom's year. WeCom's own answer still decides at the call; these checks spare a wasted one.
 */
export class Planner {
  constructor(
    private readonly deps: {
      repository: ReassignRepository;
      client: WeComClient | undefined;
      members: MemberDirectory;
      customers: CustomerDirectory;
      conversations: ConversationDirectory;
      now: () => Date;
    },
  ) {}

  async plan(handoverCase: HandoverCaseEntity, request: PlanRequest): Promise<PlannedRow[]> {
    const candidates = await this.selectedCustomers(handoverCase, request.selection);
    const groups = request.includeGroups
      ? await this.deps.repository.allItems(handoverCase.id, ItemKind.Group, [ItemState.Unplanned])
      : [];
    return this.assign(handoverCase, candidates, groups, request.distribution);
  }

  /** The case's refused, receiver-full, rejected and no-record customers, all to one receiver. */
  async replan(handoverCase: HandoverCaseEntity, items: HandoverItemEntity[], receiver: string) {
    return this.assign(handoverCase, items, [], { mode: 'single', receivers: [receiver] });
  }

  private async assign(
    handoverCase: HandoverCaseEntity,
    customers: HandoverItemEntity[],
    groups: HandoverItemEntity[],
    distribution: Distribution,
  ): Promise<PlannedRow[]> {
    const now = this.deps.now();
    const receiverProblems = await this.receiverProblems(handoverCase, distribution.receivers);
    const usable = distribution.receivers.filter((id) => !receiverProblems.has(id));
    const firstProblem =
      receiverProblems.get(distribution.receivers[0] ?? '') ?? HandoverReason.ReceiverInactive;
    const blockedAll = (item: HandoverItemEntity, reason: HandoverReason): PlannedRow => ({
      item,
      receiver: distribution.receivers[0] ?? null,
      verdict: 'blocked',
      reason,
    });

    const deadlinePassed =
      handoverCase.kind === HandoverKind.Resigned &&
      handoverCase.departedAt !== null &&
      now.getTime() - handoverCase.departedAt.getTime() > RESIGNED_WINDOW_MS;
    if (deadlinePassed) {
      return [...customers, ...groups].map((item) => blockedAll(item, HandoverReason.DeadlinePassed));
    }

    const ids = customers.map((item) => item.targetId);
    const followers = await this.deps.customers.activeFollowersOf(ids);
    const recent =
      handoverCase.kind === HandoverKind.OnJob
        ? await this.deps.repository.recentOnJobTransfers(ids, new Date(now.getTime() - NINETY_DAYS_MS))
        : new Map<string, number>();
    const pick = await this.picker(distribution.mode, usable);
    const rows: PlannedRow[] = [];
    for (const item of customers) {
      const following = followers.get(item.targetId) ?? [];
      const coOwner =
        distribution.mode === 'co_owner'
          ? following.find((userId) => userId !== handoverCase.handoverUserId)
          : undefined;
      if (coOwner) {
        rows.push({ item, receiver: coOwner, verdict: 'skip', reason: HandoverReason.ReceiverFollows });
        continue;
      }
      if (usable.length === 0) {
        rows.push(blockedAll(item, firstProblem));
        continue;
      }
      if (handoverCase.kind === HandoverKind.OnJob && !following.includes(handoverCase.handoverUserId)) {
        rows.push({ item, receiver: null, verdict: 'blocked', reason: HandoverReason.NotFollower });
        continue;
      }
      if ((recent.get(item.targetId) ?? 0) >= ONJOB_PER_90_DAYS) {
        rows.push({ item, receiver: null, verdict: 'blocked', reason: HandoverReason.OnJobLimit });
        continue;
      }
      const receiver = pick();
      if (following.includes(receiver)) {
        rows.push({ item, receiver, verdict: 'skip', reason: HandoverReason.ReceiverFollows });
        continue;
      }
      rows.push({ item, receiver, verdict: 'go', reason: null });
    }
    // Groups go to the first receiver who can take them: a group has one owner and no consent to ask.
    for (const item of groups) {
      rows.push(
        usable[0]
          ? { item, receiver: usable[0], verdict: 'go', reason: null }
          : blockedAll(item, firstProblem),
      );
    }
    return rows;
  }

  /** The unplanned customers the selection takes. */
  private async selectedCustomers(
    handoverCase: HandoverCaseEntity,
    selection: Selection,
  ): Promise<HandoverItemEntity[]> {
    const unplanned = await this.deps.repository.allItems(handoverCase.id, ItemKind.Customer, [
      ItemState.Unplanned,
    ]);
    if (selection.mode === 'all') return unplanned;
    if (selection.mode === 'ids') {
      const wanted = new Set(selection.externalUserIds);
      return unplanned.filter((item) => wanted.has(item.targetId));
    }
    const held = await this.deps.customers.heldBy(handoverCase.handoverUserId, {
      ...(selection.tagId ? { tagId: selection.tagId } : {}),
      ...(selection.channel ? { channel: selection.channel } : {}),
      ...(selection.addedFrom ? { addedFrom: new Date(selection.addedFrom) } : {}),
      ...(selection.addedTo ? { addedTo: new Date(selection.addedTo) } : {}),
    });
    let matching = new Set(held.map((customer) => customer.externalUserId));
    if (selection.lastChatBefore || selection.lastChatAfter) {
      const lastChats = await this.deps.conversations.lastChatsOf(handoverCase.handoverUserId);
      const before = selection.lastChatBefore ? new Date(selection.lastChatBefore) : null;
      const after = selection.lastChatAfter ? new Date(selection.lastChatAfter) : null;
      matching = new Set(
        [...matching].filter((id) => {
          const last = lastChats.get(id);
          // A customer never chatted with counts as quiet: before any date, after none.
          if (after && (!last || last < after)) return false;
          return !(before && last && last >= before);
        }),
      );
    }
    return unplanned.filter((item) => matching.has(item.targetId));
  }

  /**
   * Why each receiver cannot take customers, as far as Keeper can tell before the call: not an active member,
   * the member handing over, without customer-contact permission, outside the app's visible range.
   */
  private async receiverProblems(
    handoverCase: HandoverCaseEntity,
    receivers: string[],
  ): Promise<Map<string, HandoverReason>> {
    const problems = new Map<string, HandoverReason>();
    const members = await this.deps.members.find(receivers);
    const followUsers = await this.followUsers();
    for (const receiver of receivers) {
      const member = members.get(receiver);
      if (receiver === handoverCase.handoverUserId) problems.set(receiver, HandoverReason.SameMember);
      else if (!member || member.status !== MemberStatus.Active)
        problems.set(receiver, HandoverReason.ReceiverInactive);
      else if (followUsers && !followUsers.has(receiver))
        problems.set(receiver, HandoverReason.ReceiverNoPermission);
      else if (await this.deps.repository.lastSeenFull(receiver))
        problems.set(receiver, HandoverReason.ReceiverFull);
      else {
        const outOfRange = await this.outsideVisibleRange(receiver);
        if (outOfRange) problems.set(receiver, outOfRange);
      }
    }
    return problems;
  }

  /** Members with customer-contact permission; null when Keeper cannot ask WeCom. */
  private async followUsers(): Promise<Set<string> | null> {
    if (!this.deps.client) return null;
    return new Set(await this.deps.client.listFollowUsers());
  }

  private async outsideVisibleRange(receiver: string): Promise<HandoverReason | null> {
    if (!this.deps.client) return null;
    try {
      await this.deps.client.getUser(receiver);
      return null;
    } catch (error) {
      if (!(error instanceof WeComError)) throw error;
      const verdict = customerVerdict(error.code);
      return verdict.reason ?? HandoverReason.WeComError;
    }
  }

  /** The next receiver, by the distribution's rule. */
  private async picker(mode: Distribution['mode'], receivers: string[]): Promise<() => string> {
    if (mode === 'single') return () => receivers[0]!;
    if (mode === 'load') {
      const load = await this.deps.customers.customerCounts(receivers);
      return () => {
        const receiver = receivers.reduce((least, each) =>
          load.get(each)! < load.get(least)! ? each : least,
        );
        load.set(receiver, load.get(receiver)! + 1);
        return receiver;
      };
    }
    let next = 0;
    return () => receivers[next++ % receivers.length]!;
  }
}
