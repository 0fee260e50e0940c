import type { WeComClient } from '@keeper/bot';
import { CaseStatus, HandoverKind, ItemKind } from '@keeper/shared';
import type { DomainEvents } from '../../events/domain-events';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { GroupDirectory } from '../groups/group-directory.service';
import type { MemberDirectory } from '../org/member-directory.service';
import { HandoverCaseEntity } from './reassign.entity';
import type { ReassignRepository } from './reassign.repository';

const LOCK = 'handover-departures';
const LEASE_MS = 120_000;
const DAY_MS = 86_400_000;
/** WeCom hands over a departed member's customers and groups for a year after the departure. */
export const RESIGNED_WINDOW_MS = 365 * DAY_MS;
const UNASSIGNED_PAGE = 1_000;
const GROUP_PAGE = 1_000;

export const departureKey = (userId: string, departedAt: Date) =>
  `resigned:${userId}:${Math.floor(departedAt.getTime() / 1000)}`;

/**
 * Opens a handover case for every departure (离职继承) and keeps it complete: the member's customers from the
 * book cross-checked with WeCom's unassigned list (every page, by cursor), and the groups they own, from the
 * book and from `groupchat/list` (a member with groups but no customers is not on the unassigned list).
 *
 * Runs on each departure Keeper hears of and as a sweep at start and on a timer, so a departure whose case was
 * not opened (a crash right after the callback committed) gets its case all the same.
 */
export class Departures {
  constructor(
    private readonly deps: {
      repository: ReassignRepository;
      client: WeComClient | undefined;
      members: MemberDirectory;
      customers: CustomerDirectory;
      groups: GroupDirectory;
      locks: JobLocks;
      domainEvents: DomainEvents;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  /**
   * Opens the cases of departures within WeCom's year that have none yet, and adds to open cases what WeCom
   * or the book shows of a member that the case does not hold. Returns the ids of cases opened now.
   */
  async sweep(): Promise<number[]> {
    const opened = await this.deps.locks.runExclusive(LOCK, LEASE_MS, () => this.sweepHeld());
    return opened ?? [];
  }

  private async sweepHeld(): Promise<number[]> {
    const { repository, members, customers, groups } = this.deps;
    const now = this.deps.now();
    const departed = await members.departedSince(new Date(now.getTime() - RESIGNED_WINDOW_MS));
    // Without WeCom's list the book still opens the cases; the next sweep adds what WeCom alone knows.
    const unassigned = await this.unassignedByMember().catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'unassigned list unavailable; opening cases from the book');
      return new Map<string, { departedAt: Date; customers: string[] }>();
    });
    // Departures Keeper has not recorded yet (no callback, no sync so far) still show in the unassigned list.
    const known = new Set(departed.map((member) => member.userId));
    for (const [userId, entry] of unassigned) {
      if (!known.has(userId)) departed.push({ userId, name: userId, departedAt: entry.departedAt });
    }
    const withCases = await repository.departuresWithCases();
    const opened: number[] = [];
    for (const member of departed) {
      const key = departureKey(member.userId, member.departedAt);
      const fresh = !withCases.has(key);
      const fromBook = (await customers.heldBy(member.userId)).map((customer) => customer.externalUserId);
      const fromWeCom = unassigned.get(member.userId)?.customers ?? [];
      const groupIds = (await groups.ownedBy(member.userId)).map((group) => group.chatId);
      // Asking WeCom for the groups costs a call per member: done when the case opens; the sync keeps the
      // book's groups current after that.
      if (fresh) {
        groupIds.push(
          ...(await this.groupsOwnedInWeCom(member.userId).catch((error: unknown) => {
            this.deps.logger.warn({ err: error, userId: member.userId }, 'group list unavailable');
            return [];
          })),
        );
      }
      if (fresh && fromBook.length + fromWeCom.length + groupIds.length === 0) continue;
      const stored = await repository.transaction(async (manager) => {
        let handoverCase = await repository.findCaseByKey(key, manager);
        if (!handoverCase) {
          await manager.insert(HandoverCaseEntity, {
            dedupeKey: key,
            kind: HandoverKind.Resigned,
            status: CaseStatus.Pending,
            handoverUserId: member.userId,
            departedAt: member.departedAt,
            message: null,
            openedBy: null,
            reportedAt: null,
            refusalsReported: 0,
            completedAt: null,
          });
          handoverCase = (await repository.findCaseByKey(key, manager))!;
        }
        const added =
          (await repository.addItems(manager, handoverCase.id, ItemKind.Customer, [
            ...fromBook,
            ...fromWeCom,
          ])) + (await repository.addItems(manager, handoverCase.id, ItemKind.Group, groupIds));
        return { id: handoverCase.id, added };
      });
      if (stored.added > 0) await repository.refreshStatus(stored.id, now);
      if (fresh) opened.push(stored.id);
      if (fresh || stored.added > 0) {
        this.deps.domainEvents.publish(fresh ? 'handover.opened' : 'handover.progress', {
          caseId: String(stored.id),
          handoverUserId: member.userId,
        });
      }
    }
    return opened;
  }

  /** WeCom's unassigned list, all pages, by member handing over. */
  private async unassignedByMember(): Promise<Map<string, { departedAt: Date; customers: string[] }>> {
    const byMember = new Map<string, { departedAt: Date; customers: string[] }>();
    const { client } = this.deps;
    if (!client) return byMember;
    let cursor: string | undefined;
    for (;;) {
      const page = await client.listUnassignedCustomers({
        ...(cursor ? { cursor } : {}),
        page_size: UNASSIGNED_PAGE,
      });
      for (const entry of page.info) {
        const member = byMember.get(entry.handover_userid) ?? {
          departedAt: new Date(entry.dimission_time * 1000),
          customers: [],
        };
        member.customers.push(entry.external_userid);
        byMember.set(entry.handover_userid, member);
      }
      if (page.is_last || !page.next_cursor) return byMember;
      cursor = page.next_cursor;
    }
  }

  private async groupsOwnedInWeCom(userId: string): Promise<string[]> {
    const { client } = this.deps;
    if (!client) return [];
    const chatIds: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await client.listGroupChats({
        status_filter: 0,
        owner_filter: { userid_list: [userId] },
        limit: GROUP_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      chatIds.push(...page.group_chat_list.map((chat) => chat.chat_id));
      if (!page.next_cursor) return chatIds;
      cursor = page.next_cursor;
    }
  }
}
