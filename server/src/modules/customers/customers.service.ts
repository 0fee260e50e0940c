import type { WeComClient } from '@keeper/bot';
import {
  AccessAction,
  CustomerEventKind,
  ErrorCode,
  FollowStatus,
  maskPhone,
  Permission,
  type CustomerDetail,
  type CustomerListQuery,
  type CustomerSummary,
  type Follow,
  type MarkTagsRequest,
  type Page,
  type RemarkRequest,
  type TagRef,
} from '@keeper/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../http/app-error';
import type { Actor, AuthUser } from '../../http/context';
import { filtersOf, type AccessAuditService } from '../access-audit/access-audit.service';
import type { GroupsService } from '../groups/groups.service';
import type { OrgService } from '../org/org.service';
import { departmentsInScope } from '../org/scope';
import type { ScopeService } from '../org/scope.service';
import { followSnapshotOf, type CustomerBook } from './customer-book';
import type { CustomerEntity } from './customer.entity';
import type { CustomersRepository, FollowRow, TagRow } from './customers.repository';

/** The customer book as the console reads and edits it, always within the viewer's scope. */
export class CustomersService {
  constructor(
    private readonly repository: CustomersRepository,
    private readonly groups: GroupsService,
    private readonly org: OrgService,
    private readonly scopes: ScopeService,
    private readonly book: CustomerBook,
    private readonly dataSource: DataSource,
    private readonly client: WeComClient | undefined,
    private readonly audit: AccessAuditService,
  ) {}

  /**
   * Reads of the book record themselves here, not in routes: the list (CustomerList), one customer
   * (CustomerView), an export (CustomerExport), and any phone number shown unmasked (PhoneReveal).
   */
  async list(query: CustomerListQuery, actor: Actor): Promise<Page<CustomerSummary>> {
    const { items, total } = await this.repository.list(
      query,
      await this.scopes.departmentsFor(actor.user),
      await this.departmentFilter(query),
    );
    const summaries = await this.summaries(items, actor.user);
    await this.audit.record(actor, {
      action: AccessAction.CustomerList,
      targetType: 'customers',
      detail: { ...filtersOf(query), page: query.page, total },
    });
    const revealed = summaries.filter((customer) => customer.phones.length > 0);
    if (actor.user.permissions.has(Permission.PhonesView) && revealed.length > 0) {
      await this.audit.record(actor, {
        action: AccessAction.PhoneReveal,
        targetType: 'customers',
        detail: { customers: revealed.map((customer) => customer.externalUserId).join(',') },
      });
    }
    return { items: summaries, total, page: query.page, pageSize: query.pageSize };
  }

  /** Every customer the filters match, in batches, for export; recorded before the first batch is read. */
  async export(query: CustomerListQuery, actor: Actor): Promise<AsyncGenerator<CustomerSummary[]>> {
    const filters = filtersOf(query);
    await this.audit.record(actor, {
      action: AccessAction.CustomerExport,
      targetType: 'customers',
      detail: filters,
    });
    if (actor.user.permissions.has(Permission.PhonesView)) {
      await this.audit.record(actor, {
        action: AccessAction.PhoneReveal,
        targetType: 'customers',
        detail: { ...filters, export: true },
      });
    }
    return this.batches(query, actor.user);
  }

  private async *batches(query: CustomerListQuery, viewer: AuthUser): AsyncGenerator<CustomerSummary[]> {
    const scope = await this.scopes.departmentsFor(viewer);
    for await (const batch of this.repository.stream(query, scope, await this.departmentFilter(query))) {
      yield await this.summaries(batch, viewer);
    }
  }

  /** Takes tags deleted in WeCom off every customer, in the caller's transaction (for tags). */
  dropTags(manager: EntityManager, tagIds: string[]): Promise<void> {
    return this.book.dropTags(manager, tagIds);
  }

  /** How many customers carry each tag within `scope` (for tags). */
  countByTag(scope: 'all' | string[]): Promise<Map<string, number>> {
    return this.repository.countByTag(scope);
  }

  async detail(externalUserId: string, actor: Actor): Promise<CustomerDetail> {
    const detail = await this.read(externalUserId, actor.user);
    await this.audit.record(actor, {
      action: AccessAction.CustomerView,
      targetType: 'customer',
      targetId: externalUserId,
    });
    const phones =
      detail.follows.some((follow) => follow.remarkMobiles.length > 0) ||
      detail.timeline.some((event) => event.detail?.remarkMobilesBefore || event.detail?.remarkMobilesAfter);
    if (actor.user.permissions.has(Permission.PhonesView) && phones) {
      await this.audit.record(actor, {
        action: AccessAction.PhoneReveal,
        targetType: 'customer',
        targetId: externalUserId,
      });
    }
    return detail;
  }

  private async read(externalUserId: string, viewer: AuthUser): Promise<CustomerDetail> {
    const customer = await this.visibleCustomer(externalUserId, viewer);
    const [summary] = await this.summaries([customer], viewer);
    const [follows, tags, timeline, groups] = await Promise.all([
      this.repository.follows([externalUserId]),
      this.repository.tags([externalUserId]),
      this.repository.timeline(externalUserId),
      this.groups.groupsOf(externalUserId),
    ]);
    const actors = timeline.map((event) => event.userId).filter((id): id is string => Boolean(id));
    const names = await this.repository.memberNames(actors);
    const inScope = await this.scopes.membersInScope(viewer, [
      ...follows.map((follow) => follow.userId),
      ...actors,
    ]);
    const showPhones = viewer.permissions.has(Permission.PhonesView);
    return {
      ...summary!,
      gender: customer.gender,
      position: customer.position,
      corpFullName: customer.corpFullName,
      unionId: customer.unionId,
      follows: follows.map((follow) =>
        inScope.has(follow.userId)
          ? {
              userId: follow.userId,
              memberName: follow.memberName,
              memberStatus: follow.memberStatus,
              remark: follow.remark,
              description: follow.description,
              remarkMobiles: phonesOf(follow.remarkMobiles, showPhones),
              remarkCorpName: follow.remarkCorpName,
              addWay: follow.addWay,
              state: follow.state,
              addedAt: follow.addedAt?.toISOString() ?? null,
              status: follow.status,
              endedAt: follow.endedAt?.toISOString() ?? null,
              tags: tags.filter((tag) => tag.userId === follow.userId).map(tagRef),
              archiveConsent: follow.archiveConsent ?? 'unknown',
              archiveConsentAt: follow.archiveConsentAt?.toISOString() ?? null,
            }
          : otherDepartmentFollow(follow),
      ),
      timeline: timeline.map((event) =>
        !event.userId || inScope.has(event.userId)
          ? {
              id: String(event.id),
              kind: event.kind,
              userId: event.userId,
              memberName: event.userId ? (names.get(event.userId) ?? event.userId) : null,
              otherDepartment: false,
              detail: showPhones ? event.detail : maskPhonesIn(event.detail),
              occurredAt: event.occurredAt.toISOString(),
            }
          : // What happened and when stays; who, and what they wrote, belongs to the other department.
            {
              id: String(event.id),
              kind: event.kind,
              userId: null,
              memberName: null,
              otherDepartment: true,
              detail: null,
              occurredAt: event.occurredAt.toISOString(),
            },
      ),
      groups: groups.map(({ membership, name }) => ({
        chatId: membership.chatId,
        name,
        joinedAt: membership.joinedAt?.toISOString() ?? null,
        leftAt: membership.leftAt?.toISOString() ?? null,
      })),
    };
  }

  /** Every member who follows or followed the customer: whoever covers one of them sees the customer. */
  async followerIds(externalUserId: string): Promise<string[]> {
    return (await this.repository.follows([externalUserId])).map((follow) => follow.userId);
  }

  /** Marks or removes corp tags through WeCom, then records the change at once (WeCom sends no callback for it). */
  async markTags(externalUserId: string, input: MarkTagsRequest, actor: Actor): Promise<CustomerDetail> {
    const viewer = actor.user;
    await this.relationInScope(externalUserId, input.userId, viewer);
    const client = this.requireClient();
    await client.markCustomerTags({
      userid: input.userId,
      external_userid: externalUserId,
      add_tag: input.add ?? [],
      remove_tag: input.remove ?? [],
    });
    await this.refreshRelation(client, externalUserId, input.userId, viewer);
    return this.detail(externalUserId, actor);
  }

  async remark(externalUserId: string, input: RemarkRequest, actor: Actor): Promise<CustomerDetail> {
    const viewer = actor.user;
    await this.relationInScope(externalUserId, input.userId, viewer);
    const client = this.requireClient();
    await client.remarkCustomer({
      userid: input.userId,
      external_userid: externalUserId,
      ...(input.remark !== undefined ? { remark: input.remark } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.remarkCorpName !== undefined ? { remark_company: input.remarkCorpName } : {}),
      ...(input.remarkMobiles !== undefined ? { remark_mobiles: input.remarkMobiles } : {}),
    });
    await this.refreshRelation(client, externalUserId, input.userId, viewer);
    return this.detail(externalUserId, actor);
  }

  /**
   * What a channel code puts on a customer it brought: corp tags and a remark, through WeCom, recorded at once
   * like an edit in the console (by the channel, via Keeper). No viewer: the code's creator was checked when
   * the code was saved.
   */
  async applyChannelDefaults(
    externalUserId: string,
    userId: string,
    defaults: { addTagIds: string[]; remark: string | null; by: string },
  ): Promise<void> {
    const client = this.requireClient();
    if (defaults.addTagIds.length > 0) {
      await client.markCustomerTags({
        userid: userId,
        external_userid: externalUserId,
        add_tag: defaults.addTagIds,
        remove_tag: [],
      });
    }
    if (defaults.remark !== null)
      await client.remarkCustomer({
        userid: userId,
        external_userid: externalUserId,
        remark: defaults.remark,
      });
    if (defaults.addTagIds.length === 0 && defaults.remark === null) return;
    await this.refreshRelation(client, externalUserId, userId, { username: defaults.by });
  }

  /** Re-reads the relation from WeCom and records the edit with who made it in Keeper. */
  private async refreshRelation(
    client: WeComClient,
    externalUserId: string,
    userId: string,
    viewer: Pick<AuthUser, 'username'>,
  ): Promise<void> {
    const reply = await client.getCustomer(externalUserId);
    const follow = reply.follow_user.find((each) => each.userid === userId);
    await this.dataSource.transaction(async (manager) => {
      await this.book.upsertProfile(manager, reply.external_contact);
      if (follow) {
        await this.book.recordEdit(manager, externalUserId, followSnapshotOf(follow), new Date(), {
          by: viewer.username,
          via: 'keeper',
        });
      }
    });
  }

  /**
   * A write targets one relation (member ↔ customer): the customer being visible is not enough, since a
   * customer shared with another department is visible through the viewer's own member. The member must be
   * in scope too; otherwise the relation looks absent, like any out-of-scope target.
   */
  private async relationInScope(externalUserId: string, userId: string, viewer: AuthUser): Promise<void> {
    await this.visibleCustomer(externalUserId, viewer);
    if (!(await this.scopes.membersInScope(viewer, [userId])).has(userId)) throw notFound('Relation');
  }

  private async visibleCustomer(externalUserId: string, viewer: AuthUser): Promise<CustomerEntity> {
    const scope = await this.scopes.departmentsFor(viewer);
    const customer = await this.repository.findCustomer(externalUserId);
    // Out of scope looks exactly like absent: the id of a customer elsewhere is not disclosed either.
    if (!customer || !(await this.repository.isVisible(externalUserId, scope))) throw notFound('Customer');
    return customer;
  }

  private async departmentFilter(query: CustomerListQuery): Promise<string[] | undefined> {
    if (!query.departmentId) return undefined;
    const expanded = departmentsInScope(
      { all: false, departmentIds: [query.departmentId] },
      await this.org.liveDepartments(),
    );
    return expanded === 'all' ? undefined : expanded;
  }

  /**
   * List rows. Owners outside the viewer's scope show without their identity (the console says 其他部门成员);
   * tags and phones come only from relations the viewer covers.
   */
  private async summaries(customers: CustomerEntity[], viewer: AuthUser): Promise<CustomerSummary[]> {
    const ids = customers.map((customer) => customer.externalUserId);
    const [follows, tags] = await Promise.all([this.repository.follows(ids), this.repository.tags(ids)]);
    const inScope = await this.scopes.membersInScope(
      viewer,
      follows.map((follow) => follow.userId),
    );
    const showPhones = viewer.permissions.has(Permission.PhonesView);
    return customers.map((customer) => {
      const mine = follows.filter((follow) => follow.externalUserId === customer.externalUserId);
      const active = mine.filter((follow) => follow.status === FollowStatus.Active);
      const covered = mine.filter((follow) => inScope.has(follow.userId));
      return {
        externalUserId: customer.externalUserId,
        name: customer.name,
        avatar: customer.avatar,
        type: customer.type,
        corpName: customer.corpName,
        status: customer.status,
        owners: active.map((follow) =>
          inScope.has(follow.userId)
            ? { userId: follow.userId, name: follow.memberName, remark: follow.remark }
            : { userId: null, name: null, remark: null },
        ),
        tags: uniqueTags(
          tags.filter(
            (tag) =>
              tag.externalUserId === customer.externalUserId &&
              active.some((f) => f.userId === tag.userId) &&
              inScope.has(tag.userId),
          ),
        ),
        phones: [
          ...new Set(covered.flatMap((follow: FollowRow) => phonesOf(follow.remarkMobiles, showPhones))),
        ],
        firstAddedAt: customer.firstAddedAt?.toISOString() ?? null,
        lostAt: customer.lostAt?.toISOString() ?? null,
      };
    });
  }

  private requireClient(): WeComClient {
    if (!this.client)
      throw new AppError(ErrorCode.NotConfigured, 'WeCom is not configured', {
        hint: 'Set WECOM_CORP_ID and WECOM_CONTACT_SECRET.',
      });
    return this.client;
  }
}

function phonesOf(joined: string, showPhones: boolean): string[] {
  const phones = joined
    .split(',')
    .map((phone) => phone.trim())
    .filter(Boolean);
  return showPhones ? phones : phones.map(maskPhone);
}

/** Edits of remark phones carry the numbers before and after: mask them like everywhere else. */
function maskPhonesIn(detail: Record<string, string | number | boolean | null> | null) {
  if (!detail) return detail;
  const masked = { ...detail };
  for (const key of ['remarkMobilesBefore', 'remarkMobilesAfter']) {
    const value = masked[key];
    if (typeof value === 'string') masked[key] = phonesOf(value, false).join(',');
  }
  return masked;
}

/** A relation of a member outside the viewer's scope: that it exists and how it stands, nothing its member wrote. */
function otherDepartmentFollow(follow: FollowRow): Follow {
  return {
    userId: null,
    memberName: null,
    memberStatus: 'unknown',
    remark: null,
    description: null,
    remarkMobiles: [],
    remarkCorpName: null,
    addWay: null,
    state: null,
    addedAt: follow.addedAt?.toISOString() ?? null,
    status: follow.status,
    endedAt: follow.endedAt?.toISOString() ?? null,
    tags: [],
    archiveConsent: 'unknown',
    archiveConsentAt: null,
  };
}

function tagRef(tag: TagRow): TagRef {
  return { id: tag.tagId, name: tag.name, groupName: tag.groupName };
}

function uniqueTags(tags: TagRow[]): TagRef[] {
  const seen = new Map<string, TagRef>();
  for (const tag of tags) seen.set(tag.tagId, tagRef(tag));
  return [...seen.values()];
}

export const OWNERSHIP_LOSS_KINDS = [
  CustomerEventKind.DeletedByMember,
  CustomerEventKind.DeletedByCustomer,
] as const;
