import {
  AccessAction,
  CampaignKind,
  CampaignStatus,
  ErrorCode,
  Permission,
  RecipientState,
  type BroadcastSettings,
  type Campaign,
  type CampaignFunnel,
  type CampaignInput,
  type CampaignListQuery,
  type CampaignPreview,
  type Page,
  type ReachedCampaign,
  type Recipient,
  type RecipientListQuery,
  type RemindResult,
} from '@keeper/shared';
import { AppError, forbidden, notFound } from '../../http/app-error';
import type { Actor, AuthUser } from '../../http/context';
import type { DomainEvents } from '../../events/domain-events';
import type { AccessAuditService } from '../access-audit/access-audit.service';
import type { CustomersService } from '../customers/customers.service';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { GroupDirectory } from '../groups/group-directory.service';
import type { MemberDirectory } from '../org/member-directory.service';
import type { ScopeService } from '../org/scope.service';
import type { SettingsService } from '../settings/settings.service';
import { CampaignEntity, type RecipientEntity } from './broadcast.entity';
import { tasksFor, type CampaignAudience } from './campaign-audience';
import type { CampaignScope } from './campaign-scope';
import type { CampaignsRepository } from './campaigns.repository';
import { funnelsOf, sumFunnels } from './funnel';
import type { ContentChecker, SegmentsLookup } from './ports';
import type { Reminders } from './reminders';
import type { ResultSync } from './result-sync';
import type { SubmissionEngine } from './submission-engine';

type Viewer = Pick<AuthUser, 'scope' | 'permissions'>;

/** Statuses in which a campaign may still be edited (a rejected one goes back to draft). */
const EDITABLE: readonly CampaignStatus[] = [CampaignStatus.Draft, CampaignStatus.Rejected];
/** Statuses a campaign may be cancelled from. */
const CANCELLABLE: readonly CampaignStatus[] = [
  CampaignStatus.PendingApproval,
  CampaignStatus.Scheduled,
  CampaignStatus.Submitting,
  CampaignStatus.Running,
];

/**
 * Campaigns as marketers and approving managers see and drive them. Scope lives here: a campaign reaches only
 * the departments of the user who created it, and only users covering those departments see or act on it.
 */
export class CampaignsService {
  constructor(
    private readonly deps: {
      repository: CampaignsRepository;
      audience: CampaignAudience;
      scope: CampaignScope;
      engine: SubmissionEngine;
      results: ResultSync;
      reminders: Reminders;
      content: ContentChecker;
      segments: SegmentsLookup;
      settings: SettingsService;
      scopes: ScopeService;
      members: MemberDirectory;
      customers: CustomerDirectory;
      customerBook: CustomersService;
      groups: GroupDirectory;
      audit: AccessAuditService;
      domainEvents: DomainEvents;
      now: () => Date;
    },
  ) {}

  async list(query: CampaignListQuery, viewer: Viewer): Promise<Page<Campaign>> {
    const { items, total } = await this.deps.repository.list(query, (campaign) =>
      this.deps.scope.covers(viewer, campaign.scopeDepartments),
    );
    return {
      items: await Promise.all(items.map((each) => this.present(each))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(id: string, viewer: Viewer): Promise<Campaign> {
    return this.present(await this.visible(id, viewer));
  }

  async create(input: CampaignInput, actor: Actor): Promise<Campaign> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const scopeDepartments = await this.deps.scope.recordFor(actor.user);
    if (scopeDepartments !== null && scopeDepartments.length === 0)
      throw forbidden('Your account covers no department: there is nobody you may reach');
    const fields = await this.fieldsOf(input, actor.user);
    const id = await this.deps.repository.transaction(async (manager) => {
      const { identifiers } = await manager.insert(CampaignEntity, {
        ...fields,
        status: CampaignStatus.Draft,
        scopeDepartments,
        createdBy: actor.user.username,
        approvedBy: null,
        approvedAt: null,
        rejectedReason: null,
        submittedAt: null,
        syncedAt: null,
        finishedAt: null,
        deadlineAt: null,
      });
      return Number(identifiers[0]!.id);
    });
    return this.get(String(id), actor.user);
  }

  async update(id: string, input: CampaignInput, actor: Actor): Promise<Campaign> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const campaign = await this.visible(id, actor.user);
    if (!EDITABLE.includes(campaign.status))
      throw conflict('Only a draft or a rejected campaign can be edited');
    const fields = await this.fieldsOf(input, actor.user);
    await this.deps.repository.transaction((manager) =>
      manager.update(
        CampaignEntity,
        { id: campaign.id, status: campaign.status },
        { ...fields, status: CampaignStatus.Draft, rejectedReason: null },
      ),
    );
    return this.get(id, actor.user);
  }

  async remove(id: string, actor: Actor): Promise<void> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const campaign = await this.visible(id, actor.user);
    if (!EDITABLE.includes(campaign.status))
      throw conflict('Only a draft or a rejected campaign can be deleted');
    await this.deps.repository.transaction((manager) =>
      manager.delete(CampaignEntity, { id: campaign.id, status: campaign.status }),
    );
  }

  /** Who would receive it now, who the frequency guard keeps out, how many tasks, and what the content check finds. */
  async preview(id: string, actor: Actor): Promise<CampaignPreview> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const campaign = await this.visible(id, actor.user);
    const { recipients, merged } = await this.deps.audience.resolve(
      campaign,
      this.deps.scope.audienceScope(campaign),
    );
    const excludedByReason: CampaignPreview['excludedByReason'] = {};
    const queuedBySender = new Map<string | null, number>();
    for (const recipient of recipients) {
      if (recipient.state === RecipientState.Excluded && recipient.reason) {
        excludedByReason[recipient.reason] = (excludedByReason[recipient.reason] ?? 0) + 1;
      } else {
        queuedBySender.set(recipient.senderUserId, (queuedBySender.get(recipient.senderUserId) ?? 0) + 1);
      }
    }
    const going = [...queuedBySender.values()].reduce((sum, count) => sum + count, 0);
    return {
      audience: recipients.length,
      merged,
      excludedByReason,
      recipients: going,
      senders: campaign.kind === CampaignKind.Staff ? 0 : queuedBySender.size,
      tasks: tasksFor(campaign.kind, queuedBySender),
      issues: campaign.kind === CampaignKind.Staff ? [] : await this.deps.content.check(campaign.content),
    };
  }

  /** Sends it on its way: to a manager first when approval is required, else scheduled (or at once). */
  async submit(id: string, actor: Actor): Promise<Campaign> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const campaign = await this.visible(id, actor.user);
    if (!EDITABLE.includes(campaign.status)) throw conflict('This campaign was submitted already');
    if (campaign.kind !== CampaignKind.Staff) {
      const blocking = (await this.deps.content.check(campaign.content)).filter((issue) => issue.blocking);
      if (blocking.length > 0) {
        throw new AppError(ErrorCode.ValidationFailed, 'The content cannot go as it is', {
          issues: blocking.map((issue) => ({
            path: 'content',
            message: issue.rule ? `${issue.code}: ${issue.rule}` : issue.code,
          })),
        });
      }
    }
    const { approvalRequired } = await this.deps.settings.broadcastSettings();
    const status = approvalRequired ? CampaignStatus.PendingApproval : CampaignStatus.Scheduled;
    await this.transition(campaign, EDITABLE, { status, rejectedReason: null });
    if (status === CampaignStatus.PendingApproval)
      this.deps.domainEvents.publish('broadcast.approval_requested', { campaignId: id });
    else this.deps.engine.nudge();
    this.progress(id);
    return this.get(id, actor.user);
  }

  async approve(id: string, actor: Actor): Promise<Campaign> {
    const campaign = await this.approvable(id, actor.user);
    await this.transition(campaign, [CampaignStatus.PendingApproval], {
      status: CampaignStatus.Scheduled,
      approvedBy: actor.user.username,
      approvedAt: this.deps.now(),
    });
    this.deps.engine.nudge();
    this.progress(id);
    return this.get(id, actor.user);
  }

  async reject(id: string, reason: string, actor: Actor): Promise<Campaign> {
    const campaign = await this.approvable(id, actor.user);
    await this.transition(campaign, [CampaignStatus.PendingApproval], {
      status: CampaignStatus.Rejected,
      rejectedReason: reason,
    });
    this.progress(id);
    return this.get(id, actor.user);
  }

  /**
   * Stops it: nothing more is submitted, WeCom tasks not yet sent are cancelled by the engine (under its lease,
   * so a submission in flight is not missed), and the figures freeze after a last pull.
   */
  async cancel(id: string, actor: Actor): Promise<Campaign> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const campaign = await this.visible(id, actor.user);
    if (!CANCELLABLE.includes(campaign.status)) throw conflict('This campaign can no longer be cancelled');
    await this.transition(campaign, CANCELLABLE, {
      status: CampaignStatus.Cancelled,
      finishedAt: this.deps.now(),
    });
    this.deps.engine.nudge();
    this.progress(id);
    return this.get(id, actor.user);
  }

  async remind(id: string, via: 'wecom' | 'bot', actor: Actor): Promise<RemindResult> {
    this.deps.scope.requirePermission(actor.user, Permission.BroadcastsSend);
    const campaign = await this.visible(id, actor.user);
    if (campaign.status !== CampaignStatus.Running && campaign.status !== CampaignStatus.Submitting)
      throw conflict('Only a campaign being sent can be reminded of');
    const result = await this.deps.reminders.remind(campaign, via, actor.user.username);
    this.progress(id);
    return result;
  }

  async refresh(id: string, viewer: Viewer): Promise<Campaign> {
    const campaign = await this.visible(id, viewer);
    if (campaign.status === CampaignStatus.Running || campaign.status === CampaignStatus.Submitting)
      await this.deps.results.pullCampaign(campaign.id);
    return this.get(id, viewer);
  }

  async funnel(id: string, viewer: Viewer): Promise<CampaignFunnel> {
    const campaign = await this.visible(id, viewer);
    const { total, bySender } = funnelsOf(await this.deps.repository.recipientCounts(campaign.id));
    const senderIds = [...bySender.keys()];
    const [names, departmentNames, mainDepartments, tasks] = await Promise.all([
      this.deps.members.namesOf(senderIds),
      this.deps.members.departmentNamesOf(senderIds),
      this.deps.members.mainDepartmentsOf(senderIds),
      this.deps.repository.tasksOf(campaign.id),
    ]);
    const senders = senderIds.map((userId) => {
      const own = tasks.filter((task) => task.senderUserId === userId && task.msgid);
      const confirmed = own.length > 0 && own.every((task) => task.confirmedAt);
      const confirmedAt = confirmed
        ? new Date(Math.max(...own.map((task) => task.confirmedAt!.getTime()))).toISOString()
        : null;
      return {
        ...bySender.get(userId)!,
        userId,
        name: names.get(userId) ?? userId,
        departmentNames: departmentNames.get(userId) ?? [],
        confirmed,
        confirmedAt,
      };
    });
    const byDepartment = new Map<string, { name: string; userIds: string[] }>();
    for (const userId of senderIds) {
      const main = mainDepartments.get(userId) ?? { id: '', name: '' };
      const entry = byDepartment.get(main.id) ?? { name: main.name, userIds: [] };
      entry.userIds.push(userId);
      byDepartment.set(main.id, entry);
    }
    return {
      total,
      senders: senders.sort((a, b) => b.audience - a.audience || a.userId.localeCompare(b.userId)),
      departments: [...byDepartment].map(([departmentId, { name, userIds }]) => ({
        ...sumFunnels(userIds.map((userId) => bySender.get(userId)!)),
        departmentId,
        name,
      })),
      syncedAt: campaign.syncedAt?.toISOString() ?? null,
    };
  }

  async recipients(id: string, query: RecipientListQuery, viewer: Viewer): Promise<Page<Recipient>> {
    const campaign = await this.visible(id, viewer);
    const matching = query.q ? await this.matchingTargets(campaign, query.q) : undefined;
    const { items, total } = await this.deps.repository.page(campaign.id, query, matching);
    return {
      items: await this.presentRecipients(campaign, items),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The campaign and every recipient, for the export; recorded in the access audit. */
  async report(id: string, actor: Actor) {
    const campaign = await this.visible(id, actor.user);
    await this.deps.audit.record(actor, {
      action: AccessAction.BroadcastExport,
      targetType: 'broadcast_campaign',
      targetId: id,
    });
    return {
      campaign: await this.present(campaign),
      funnel: await this.funnel(id, actor.user),
      rows: this.presentAll(campaign),
    };
  }

  private async *presentAll(campaign: CampaignEntity): AsyncGenerator<Recipient[]> {
    for await (const page of this.deps.repository.allRecipients(campaign.id))
      yield this.presentRecipients(campaign, page);
  }

  private async presentRecipients(campaign: CampaignEntity, page: RecipientEntity[]): Promise<Recipient[]> {
    const names = await this.targetNames(
      campaign,
      page.map((item) => item.targetId),
    );
    const senders = await this.deps.members.namesOf(
      page.flatMap((item) => (item.senderUserId ? [item.senderUserId] : [])),
    );
    return page.map((item) => ({
      targetId: item.targetId,
      name: names.get(item.targetId) ?? item.targetId,
      sender: item.senderUserId
        ? { userId: item.senderUserId, name: senders.get(item.senderUserId) ?? item.senderUserId }
        : null,
      state: item.state,
      reason: item.reason,
      sentAt: item.sentAt?.toISOString() ?? null,
    }));
  }

  /** The campaigns that reached a customer the viewer may see (its timeline). */
  async reached(externalUserId: string, viewer: AuthUser): Promise<ReachedCampaign[]> {
    const followers = await this.deps.customerBook.followerIds(externalUserId);
    const visible = viewer.scope.all || (await this.deps.scopes.membersInScope(viewer, followers)).size > 0;
    if (followers.length === 0 || !visible) throw notFound('Customer');
    const rows = await this.deps.repository.reachedCustomer(externalUserId);
    const campaigns = new Map(
      (await this.deps.repository.findCampaigns([...new Set(rows.map((row) => row.campaignId))])).map((c) => [
        c.id,
        c,
      ]),
    );
    const names = await this.deps.members.namesOf(
      rows.flatMap((row) => (row.senderUserId ? [row.senderUserId] : [])),
    );
    return rows.flatMap((row) => {
      const campaign = campaigns.get(row.campaignId);
      if (!campaign || campaign.kind !== CampaignKind.Customers) return [];
      return [
        {
          campaignId: String(campaign.id),
          name: campaign.name,
          sender: row.senderUserId
            ? { userId: row.senderUserId, name: names.get(row.senderUserId) ?? row.senderUserId }
            : null,
          state: row.state,
          sentAt: row.sentAt?.toISOString() ?? null,
          submittedAt: campaign.submittedAt?.toISOString() ?? null,
        },
      ];
    });
  }

  /** The departments a campaign is held to (null: corp-wide); undefined when there is no such campaign. */
  async scopeDepartmentsOf(id: string): Promise<string[] | null | undefined> {
    return (await this.deps.repository.find(Number(id)))?.scopeDepartments;
  }

  settings(viewer: Viewer): Promise<BroadcastSettings> {
    if (
      !viewer.permissions.has(Permission.BroadcastsSend) &&
      !viewer.permissions.has(Permission.BroadcastsApprove)
    )
      throw forbidden();
    return this.deps.settings.broadcastSettings();
  }

  /** The receive rule and approval are the corp's: only a corp-wide approver (an admin) changes them. */
  async updateSettings(settings: BroadcastSettings, viewer: Viewer): Promise<BroadcastSettings> {
    if (!viewer.scope.all || !viewer.permissions.has(Permission.BroadcastsApprove)) throw forbidden();
    await this.deps.settings.setBroadcastSettings(settings);
    return this.deps.settings.broadcastSettings();
  }

  private async present(campaign: CampaignEntity): Promise<Campaign> {
    const [counts, tasks] = await Promise.all([
      this.deps.repository.recipientCounts(campaign.id),
      this.deps.repository.tasksOf(campaign.id),
    ]);
    const remindersLeft = await this.deps.reminders.left(campaign, tasks);
    return {
      id: String(campaign.id),
      name: campaign.name,
      kind: campaign.kind,
      status: campaign.status,
      audience: campaign.audience,
      ownerPolicy: campaign.ownerPolicy,
      groupAudience: campaign.groupAudience,
      staffAudience: campaign.staffAudience,
      content: campaign.content,
      staffMessage: campaign.staffMessage,
      recentDays: campaign.recentDays,
      allowSelect: campaign.allowSelect,
      scheduledAt: campaign.scheduledAt?.toISOString() ?? null,
      deadlineDays: campaign.deadlineDays,
      deadlineAt: campaign.deadlineAt?.toISOString() ?? null,
      createdBy: campaign.createdBy,
      approvedBy: campaign.approvedBy,
      approvedAt: campaign.approvedAt?.toISOString() ?? null,
      rejectedReason: campaign.rejectedReason,
      submittedAt: campaign.submittedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
      tasks: tasks.filter((task) => task.msgid).length,
      funnel: funnelsOf(counts).total,
      remindersLeft,
      createdAt: campaign.createdAt.toISOString(),
      updatedAt: campaign.updatedAt.toISOString(),
    };
  }

  /** What a campaign input stores: a segment's filter copied in, members named checked against the scope. */
  private async fieldsOf(input: CampaignInput, viewer: AuthUser) {
    const audience =
      input.kind !== CampaignKind.Customers
        ? null
        : input.segmentId
          ? await this.deps.segments.filterOf(input.segmentId, viewer)
          : (input.audience ?? null);
    if (input.kind === CampaignKind.Customers && !audience)
      throw new AppError(ErrorCode.ValidationFailed, 'A customer campaign needs an audience or a segment');
    const named = [
      ...(audience?.ownerIds ?? []),
      ...(input.groupAudience?.ownerIds ?? []),
      ...(input.staffAudience?.memberIds ?? []),
    ];
    const inScope = await this.deps.scopes.membersInScope(viewer, named);
    if (named.some((userId) => !inScope.has(userId)))
      throw forbidden('Some of the members chosen are outside your departments');
    const departments = [
      ...(audience?.ownerDepartmentIds ?? []),
      ...(input.groupAudience?.ownerDepartmentIds ?? []),
      ...(input.staffAudience?.departmentIds ?? []),
    ];
    if (departments.length > 0 && !(await this.deps.scopes.coversDepartments(viewer, departments)))
      throw forbidden('Some of the departments chosen are outside your scope');
    return {
      name: input.name,
      kind: input.kind,
      audience,
      ownerPolicy: input.ownerPolicy,
      groupAudience: input.kind === CampaignKind.Groups ? (input.groupAudience ?? null) : null,
      staffAudience: input.kind === CampaignKind.Staff ? (input.staffAudience ?? null) : null,
      content: input.content,
      staffMessage: input.kind === CampaignKind.Staff ? (input.staffMessage ?? null) : null,
      recentDays: input.recentDays,
      allowSelect: input.allowSelect,
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
      deadlineDays: input.deadlineDays,
    };
  }

  private async visible(id: string, viewer: Viewer): Promise<CampaignEntity> {
    const numeric = Number(id);
    const campaign = Number.isSafeInteger(numeric) ? await this.deps.repository.find(numeric) : null;
    return this.deps.scope.requireVisible(viewer, campaign);
  }

  private async approvable(id: string, viewer: AuthUser): Promise<CampaignEntity> {
    this.deps.scope.requirePermission(viewer, Permission.BroadcastsApprove);
    const campaign = await this.visible(id, viewer);
    if (campaign.status !== CampaignStatus.PendingApproval)
      throw conflict('This campaign is not waiting for approval');
    if (campaign.createdBy === viewer.username)
      throw forbidden('A campaign is approved by someone other than its author');
    return campaign;
  }

  /** Moves a campaign on only from the status it was read in: two clicks, or two users, change it once. */
  private async transition(
    campaign: CampaignEntity,
    from: readonly CampaignStatus[],
    change: Partial<CampaignEntity>,
  ): Promise<void> {
    const moved = await this.deps.repository.transition(campaign.id, from, change);
    if (!moved) throw conflict('The campaign changed meanwhile; reload it');
  }

  private async matchingTargets(campaign: CampaignEntity, q: string): Promise<string[]> {
    if (campaign.kind === CampaignKind.Customers) return this.deps.customers.idsNamed(q);
    if (campaign.kind === CampaignKind.Groups) return this.deps.groups.idsNamed(q);
    return this.deps.members.idsNamed(q);
  }

  private targetNames(campaign: CampaignEntity, targetIds: string[]): Promise<Map<string, string>> {
    if (campaign.kind === CampaignKind.Customers) return this.deps.customers.namesOf(targetIds);
    if (campaign.kind === CampaignKind.Groups) return this.deps.groups.namesOf(targetIds);
    return this.deps.members.namesOf(targetIds);
  }

  private progress(campaignId: string): void {
    this.deps.domainEvents.publish('broadcast.progress', { campaignId });
  }
}

function conflict(message: string): AppError {
  return new AppError(ErrorCode.Conflict, message);
}
