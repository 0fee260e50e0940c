import {
  AccessAction,
  CaseStatus,
  DEFAULT_TRANSFER_MESSAGE,
  ErrorCode,
  HandoverKind,
  ItemKind,
  ItemState,
  MemberStatus,
  RECEIVER_PLACEHOLDER,
  REPLANNABLE_STATES,
  type CaseListQuery,
  type DeadlineWarning,
  type HandoverCase,
  type HandoverItem,
  type ItemListQuery,
  type Page,
  type PlanPreview,
  type PlanRequest,
} from '@keeper/shared';
import { In, type EntityManager } from 'typeorm';
import { AppError, forbidden, notFound } from '../../http/app-error';
import type { Actor, AuthUser } from '../../http/context';
import type { AccessAuditService } from '../access-audit/access-audit.service';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { GroupDirectory } from '../groups/group-directory.service';
import type { MemberDirectory } from '../org/member-directory.service';
import type { ScopeService } from '../org/scope.service';
import { RESIGNED_WINDOW_MS } from './departures';
import type { PlannedRow, Planner } from './planner';
import { HandoverCaseEntity, HandoverItemEntity } from './reassign.entity';
import { emptyTotals, type CaseTotals, type ReassignRepository } from './reassign.repository';
import type { TransferEngine } from './transfer-engine';
import type { TransferTracker } from './transfer-tracker';

const DAY_MS = 86_400_000;
const PREVIEW_ROWS = 500;
const REFUSALS_TO_TELL = 5;
/** Items per UPDATE when a plan is stored. */
const STORE_CHUNK = 1_000;

type Viewer = Pick<AuthUser, 'scope'>;

/**
 * Handover cases as managers see and drive them. Every read and write checks here that the member handing over
 * lies within the viewer's departments, and that every receiver does too: a manager hands over only within
 * their departments.
 */
export class ReassignService {
  constructor(
    private readonly deps: {
      repository: ReassignRepository;
      planner: Planner;
      engine: TransferEngine;
      tracker: TransferTracker;
      scopes: ScopeService;
      members: MemberDirectory;
      customers: CustomerDirectory;
      groups: GroupDirectory;
      audit: AccessAuditService;
      now: () => Date;
    },
  ) {}

  async list(query: CaseListQuery, viewer: Viewer): Promise<Page<HandoverCase>> {
    const { items, total } = await this.deps.repository.cases(
      query,
      await this.deps.scopes.departmentsFor(viewer),
    );
    return { items: await this.present(items), total, page: query.page, pageSize: query.pageSize };
  }

  async countOpenDepartures(viewer: Viewer): Promise<number> {
    return this.deps.repository.countOpenDepartures(await this.deps.scopes.departmentsFor(viewer));
  }

  async get(id: string, viewer: Viewer): Promise<HandoverCase> {
    return (await this.present([await this.visibleCase(id, viewer)]))[0]!;
  }

  async items(id: string, query: ItemListQuery, viewer: Viewer): Promise<Page<HandoverItem>> {
    const handoverCase = await this.visibleCase(id, viewer);
    const matching = query.q ? await this.matchingTargets(handoverCase, query) : undefined;
    const { items, total } = await this.deps.repository.items(handoverCase.id, query, matching);
    return {
      items: await this.presentItems(handoverCase, items),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Opens an on-duty case for a member in scope, or returns their unfinished one. */
  async openOnJob(handoverUserId: string, actor: Actor): Promise<HandoverCase> {
    await this.requireMembersInScope(actor.user, [handoverUserId]);
    const member = (await this.deps.members.find([handoverUserId])).get(handoverUserId);
    if (!member || member.status === MemberStatus.Departed) {
      throw new AppError(ErrorCode.ValidationFailed, 'Only a member who has not left can hand over on duty');
    }
    const existing = await this.deps.repository.openOnJobCase(handoverUserId);
    if (existing) return this.get(String(existing.id), actor.user);
    const customers = await this.deps.customers.heldBy(handoverUserId);
    const groups = await this.deps.groups.ownedBy(handoverUserId);
    const now = this.deps.now();
    const id = await this.deps.repository.transaction(async (manager) => {
      const { identifiers } = await manager.insert(HandoverCaseEntity, {
        dedupeKey: `on_job:${handoverUserId}:${now.getTime()}`,
        kind: HandoverKind.OnJob,
        status: CaseStatus.Pending,
        handoverUserId,
        departedAt: null,
        message: null,
        openedBy: actor.user.username,
        reportedAt: null,
        refusalsReported: 0,
        completedAt: null,
      });
      const caseId = Number(identifiers[0]!.id);
      await this.deps.repository.addItems(
        manager,
        caseId,
        ItemKind.Customer,
        customers.map((customer) => customer.externalUserId),
      );
      await this.deps.repository.addItems(
        manager,
        caseId,
        ItemKind.Group,
        groups.map((group) => group.chatId),
      );
      return caseId;
    });
    await this.deps.repository.refreshStatus(id, now);
    return this.get(String(id), actor.user);
  }

  async preview(id: string, request: PlanRequest, actor: Actor): Promise<PlanPreview> {
    const handoverCase = await this.visibleCase(id, actor.user);
    await this.requireMembersInScope(actor.user, request.distribution.receivers);
    this.requireReceivers(request.distribution.mode, request.distribution.receivers);
    const rows = await this.deps.planner.plan(handoverCase, request);
    return this.previewOf(handoverCase, rows, request.message);
  }

  /**
   * Stores the plan row by row, then lets the engine send it. Only unplanned items are planned, so a plan sent
   * twice (a double click, a retry after a lost answer) plans nothing the second time.
   */
  async plan(id: string, request: PlanRequest, actor: Actor): Promise<HandoverCase> {
    const handoverCase = await this.visibleCase(id, actor.user);
    await this.requireMembersInScope(actor.user, request.distribution.receivers);
    this.requireReceivers(request.distribution.mode, request.distribution.receivers);
    const rows = await this.deps.planner.plan(handoverCase, request);
    await this.store(handoverCase, rows, actor, [ItemState.Unplanned], request.message);
    return this.get(id, actor.user);
  }

  /** Plans every refused, receiver-full, rejected and no-record customer again, to one receiver. */
  async replan(id: string, receiver: string, actor: Actor): Promise<HandoverCase> {
    const handoverCase = await this.visibleCase(id, actor.user);
    await this.requireMembersInScope(actor.user, [receiver]);
    const items = await this.deps.repository.allItems(handoverCase.id, ItemKind.Customer, REPLANNABLE_STATES);
    if (items.length === 0)
      throw new AppError(ErrorCode.Conflict, 'Nothing in this case needs a new receiver');
    const rows = await this.deps.planner.replan(handoverCase, items, receiver);
    await this.store(handoverCase, rows, actor, REPLANNABLE_STATES);
    return this.get(id, actor.user);
  }

  /** Asks WeCom for the case's results now instead of at the next scheduled poll. */
  async refresh(id: string, viewer: Viewer): Promise<HandoverCase> {
    const handoverCase = await this.visibleCase(id, viewer);
    await this.deps.tracker.pollCase(handoverCase.id);
    await this.deps.repository.refreshStatus(handoverCase.id, this.deps.now());
    this.deps.engine.nudge();
    return this.get(id, viewer);
  }

  /** The case's report, one row per customer and group, for a spreadsheet; the export is recorded. */
  async report(id: string, actor: Actor): Promise<{ handoverCase: HandoverCase; items: HandoverItem[] }> {
    const entity = await this.visibleCase(id, actor.user);
    await this.deps.audit.record(actor, {
      action: AccessAction.HandoverExport,
      targetType: 'handover_case',
      targetId: id,
    });
    const items = await this.presentItems(entity, await this.deps.repository.allItems(entity.id));
    return { handoverCase: (await this.present([entity]))[0]!, items };
  }

  /**
   * What the managers should hear of a case now, claimed so that it is told once: its completion, or refusals
   * (and full receivers) passing a threshold — at least 5 and a tenth of the customers sent, and again each time
   * as many more pile up.
   */
  async takeNews(id: string): Promise<{ kind: 'completed' | 'refusals'; handoverCase: HandoverCase } | null> {
    const entity = await this.deps.repository.findCase(Number(id));
    if (!entity) return null;
    const handoverCase = (await this.present([entity]))[0]!;
    if (entity.status === CaseStatus.Completed) {
      const claimed = await this.deps.repository.claimCompletionReport(entity.id, this.deps.now());
      return claimed ? { kind: 'completed', handoverCase } : null;
    }
    const { refused, receiverFull, selected } = handoverCase.customers;
    const failed = refused + receiverFull;
    const threshold = Math.max(REFUSALS_TO_TELL, Math.ceil(selected / 10));
    if (failed < entity.refusalsReported + threshold) return null;
    const claimed = await this.deps.repository.claimRefusalReport(entity.id, entity.refusalsReported, failed);
    return claimed ? { kind: 'refusals', handoverCase } : null;
  }

  private async store(
    handoverCase: HandoverCaseEntity,
    rows: PlannedRow[],
    actor: Actor,
    from: readonly ItemState[],
    message?: string,
  ): Promise<void> {
    const now = this.deps.now();
    await this.deps.repository.transaction(async (manager) => {
      if (message !== undefined && handoverCase.kind === HandoverKind.OnJob)
        await manager.update(HandoverCaseEntity, handoverCase.id, { message: message || null });
      await this.storeRows(manager, rows, actor.user.username, from);
    });
    await this.deps.repository.refreshStatus(handoverCase.id, now);
    this.deps.tracker.progress(handoverCase);
    this.deps.engine.nudge();
  }

  /**
   * Writes the rows in one UPDATE per verdict, reason and receiver (and per thousand items): a plan of 20,000
   * customers is a few statements, not 40,000. Guarded by the state each item was planned from: a concurrent
   * plan of the same item changes nothing twice.
   */
  private async storeRows(
    manager: EntityManager,
    rows: PlannedRow[],
    plannedBy: string,
    from: readonly ItemState[],
  ): Promise<void> {
    const alike = new Map<string, { row: PlannedRow; ids: number[] }>();
    for (const row of rows) {
      const key = JSON.stringify([row.verdict, row.reason, row.receiver]);
      const found = alike.get(key) ?? { row, ids: [] };
      found.ids.push(row.item.id);
      alike.set(key, found);
    }
    for (const { row, ids } of alike.values()) {
      const state =
        row.verdict === 'go'
          ? ItemState.Planned
          : row.verdict === 'skip'
            ? ItemState.Skipped
            : ItemState.Rejected;
      for (let start = 0; start < ids.length; start += STORE_CHUNK) {
        await manager
          .createQueryBuilder()
          .update(HandoverItemEntity)
          .set({
            state,
            reason: row.reason,
            errcode: null,
            takeoverUserId: row.receiver,
            batchId: null,
            sentAt: null,
            takeoverAt: null,
            notBefore: null,
            ...(row.verdict === 'go' ? { attempts: () => 'attempts + 1' } : {}),
            plannedBy,
          })
          .where({ id: In(ids.slice(start, start + STORE_CHUNK)), state: In([...from]) })
          .execute();
      }
    }
  }

  private async previewOf(
    handoverCase: HandoverCaseEntity,
    rows: PlannedRow[],
    message: string | undefined,
  ): Promise<PlanPreview> {
    const receivers = [...new Set(rows.flatMap((row) => (row.receiver ? [row.receiver] : [])))];
    const names = await this.deps.members.namesOf(receivers);
    const member = (userId: string | null) => (userId ? { userId, name: names.get(userId) ?? userId } : null);
    const customers = rows.filter((row) => row.item.kind === ItemKind.Customer);
    const reasons = new Map<string, number>();
    for (const row of rows) if (row.reason) reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + 1);
    const shown = [
      ...rows.filter((row) => row.verdict !== 'go'),
      ...rows.filter((row) => row.verdict === 'go'),
    ].slice(0, PREVIEW_ROWS);
    const targetNames = await this.targetNames(shown.map((row) => row.item));
    const firstReceiver = rows.find((row) => row.verdict === 'go')?.receiver ?? null;
    return {
      go: customers.filter((row) => row.verdict === 'go').length,
      skip: customers.filter((row) => row.verdict === 'skip').length,
      blocked: customers.filter((row) => row.verdict === 'blocked').length,
      groups: rows.filter((row) => row.item.kind === ItemKind.Group && row.verdict === 'go').length,
      byReceiver: receivers.map((userId) => ({
        ...member(userId)!,
        customers: customers.filter((row) => row.receiver === userId && row.verdict === 'go').length,
        groups: rows.filter((row) => row.item.kind === ItemKind.Group && row.receiver === userId).length,
      })),
      byReason: [...reasons].map(([reason, count]) => ({
        reason: reason as PlannedRow['reason'] & string,
        count,
      })),
      rows: shown.map((row) => ({
        kind: row.item.kind,
        targetId: row.item.targetId,
        name: targetNames.get(row.item.targetId)?.name ?? row.item.targetId,
        receiver: member(row.receiver),
        verdict: row.verdict,
        reason: row.reason,
      })),
      message:
        handoverCase.kind === HandoverKind.OnJob && firstReceiver
          ? (message || handoverCase.message || DEFAULT_TRANSFER_MESSAGE).replaceAll(
              RECEIVER_PLACEHOLDER,
              names.get(firstReceiver) ?? firstReceiver,
            )
          : null,
    };
  }

  private requireReceivers(mode: PlanRequest['distribution']['mode'], receivers: string[]): void {
    if (mode !== 'co_owner' && receivers.length === 0)
      throw new AppError(ErrorCode.ValidationFailed, 'Choose at least one receiver');
    if (mode === 'single' && receivers.length !== 1)
      throw new AppError(ErrorCode.ValidationFailed, 'A single receiver is one member');
  }

  private async visibleCase(id: string, viewer: Viewer): Promise<HandoverCaseEntity> {
    const handoverCase = /^\d{1,10}$/.test(id) ? await this.deps.repository.findCase(Number(id)) : null;
    if (!handoverCase) throw notFound('Handover case');
    const covered = await this.deps.scopes.membersInScope(viewer, [handoverCase.handoverUserId]);
    // Outside the viewer's departments a case does not exist for them.
    if (!covered.has(handoverCase.handoverUserId)) throw notFound('Handover case');
    return handoverCase;
  }

  private async requireMembersInScope(viewer: Viewer, userIds: string[]): Promise<void> {
    const covered = await this.deps.scopes.membersInScope(viewer, userIds);
    if (userIds.some((userId) => !covered.has(userId)))
      throw forbidden('A manager hands over only between members of their own departments');
  }

  private async matchingTargets(handoverCase: HandoverCaseEntity, query: ItemListQuery): Promise<string[]> {
    const all = await this.deps.repository.allItems(handoverCase.id, query.kind);
    const names = await this.targetNames(all);
    const needle = (query.q ?? '').toLowerCase();
    return all
      .filter((item) => {
        const name = names.get(item.targetId)?.name ?? '';
        return name.toLowerCase().includes(needle) || item.targetId.toLowerCase().includes(needle);
      })
      .map((item) => item.targetId);
  }

  private async targetNames(items: HandoverItemEntity[]) {
    const customers = items.filter((item) => item.kind === ItemKind.Customer).map((item) => item.targetId);
    const groups = items.filter((item) => item.kind === ItemKind.Group).map((item) => item.targetId);
    const profiles = await this.deps.customers.profilesOf(customers);
    const groupNames = await this.deps.groups.namesOf(groups);
    const names = new Map<string, { name: string; avatar: string | null }>(profiles);
    for (const [chatId, name] of groupNames) names.set(chatId, { name: name || chatId, avatar: null });
    return names;
  }

  private async presentItems(
    handoverCase: HandoverCaseEntity,
    items: HandoverItemEntity[],
  ): Promise<HandoverItem[]> {
    const names = await this.targetNames(items);
    const receivers = await this.deps.members.namesOf(
      items.flatMap((item) => (item.takeoverUserId ? [item.takeoverUserId] : [])),
    );
    const held = await this.deps.customers.relationsOf(
      handoverCase.handoverUserId,
      items.filter((item) => item.kind === ItemKind.Customer).map((item) => item.targetId),
    );
    return items.map((item) => ({
      id: String(item.id),
      kind: item.kind,
      targetId: item.targetId,
      name: names.get(item.targetId)?.name ?? item.targetId,
      avatar: names.get(item.targetId)?.avatar ?? null,
      state: item.state,
      reason: item.reason,
      errcode: item.errcode,
      receiver: item.takeoverUserId
        ? { userId: item.takeoverUserId, name: receivers.get(item.takeoverUserId) ?? item.takeoverUserId }
        : null,
      addedAt: held.get(item.targetId)?.addedAt?.toISOString() ?? null,
      channel: held.get(item.targetId)?.channel ?? null,
      sentAt: item.sentAt?.toISOString() ?? null,
      takeoverAt: item.takeoverAt?.toISOString() ?? null,
      attempts: item.attempts,
    }));
  }

  private async present(cases: HandoverCaseEntity[]): Promise<HandoverCase[]> {
    const totals = await this.deps.repository.totals(cases.map((each) => each.id));
    const userIds = cases.map((each) => each.handoverUserId);
    const names = await this.deps.members.namesOf(userIds);
    const departments = await this.deps.members.departmentNamesOf(userIds);
    const now = this.deps.now();
    return cases.map((each) => {
      const counts: CaseTotals = totals.get(each.id) ?? { customer: emptyTotals(), group: emptyTotals() };
      const deadline = each.departedAt ? new Date(each.departedAt.getTime() + RESIGNED_WINDOW_MS) : null;
      return {
        id: String(each.id),
        kind: each.kind,
        status: each.status,
        handover: {
          userId: each.handoverUserId,
          name: names.get(each.handoverUserId) ?? each.handoverUserId,
          departmentNames: departments.get(each.handoverUserId) ?? [],
        },
        departedAt: each.departedAt?.toISOString() ?? null,
        deadline: deadline?.toISOString() ?? null,
        deadlineWarning: each.status === CaseStatus.Completed ? 'none' : warningOf(deadline, now),
        customers: counts.customer,
        groups: counts.group,
        openedBy: each.openedBy,
        createdAt: each.createdAt.toISOString(),
        completedAt: each.completedAt?.toISOString() ?? null,
      };
    });
  }
}

/** Warnings at 30 and 7 days before WeCom's one-year deadline, and once it has passed. */
export function warningOf(deadline: Date | null, now: Date): DeadlineWarning {
  if (!deadline) return 'none';
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return 'passed';
  if (left <= 7 * DAY_MS) return 'week';
  if (left <= 30 * DAY_MS) return 'month';
  return 'none';
}
