import {
  AccessAction,
  ErrorCode,
  ViolationStatus,
  type Page,
  type UpdateViolationRequest,
  type Violation,
  type ViolationQuery,
} from '@keeper/shared';
import { In, type DataSource } from 'typeorm';
import { AppError, notFound } from '../../http/app-error';
import type { Actor, AuthUser } from '../../http/context';
import { filtersOf, type AccessAuditService } from '../access-audit/access-audit.service';
import { ChatArchive } from '../archive/chat-archive.service';
import { ParticipantDirectory } from '../archive/participants';
import { MemberDirectory } from '../org/member-directory.service';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import { requireCorpWide } from '../org/scope';
import type { ScopeService } from '../org/scope.service';
import type { AuditRulesService } from './audit-rules.service';
import { AuditRuleEntity, ViolationEntity } from './audit.entity';

const RESCAN_BATCH = 2_000;
const MAX_RESCAN_DAYS = 31;

/** The violation inbox (new → confirmed / dismissed, with a note), and re-scans of past messages. */
export class ViolationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scopes: ScopeService,
    private readonly rules: AuditRulesService,
    private readonly audit: AccessAuditService,
  ) {}

  /** The list quotes the offending messages, so reading it is recorded like reading a conversation. */
  async list(query: ViolationQuery, actor: Actor): Promise<Page<Violation>> {
    const builder = this.scoped(await this.scopes.departmentsFor(actor.user));
    if (query.status) builder.andWhere('x.status = :status', { status: query.status });
    if (query.severity) builder.andWhere('x.severity = :severity', { severity: query.severity });
    if (query.memberId) builder.andWhere('x.member_id = :memberId', { memberId: query.memberId });
    if (query.ruleId) builder.andWhere('x.rule_id = :ruleId', { ruleId: query.ruleId });
    const [rows, total] = await builder
      .orderBy('x.occurred_at', 'DESC')
      .addOrderBy('x.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    await this.audit.record(actor, { action: AccessAction.ViolationList, detail: filtersOf(query) });
    return { items: await this.map(rows), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, viewer: Pick<AuthUser, 'scope'>): Promise<Violation | null> {
    const row = await this.scoped(await this.scopes.departmentsFor(viewer))
      .andWhere('x.id = :id', { id })
      .getOne();
    return row ? (await this.map([row]))[0]! : null;
  }

  async countNew(viewer: Pick<AuthUser, 'scope'>): Promise<number> {
    return this.scoped(await this.scopes.departmentsFor(viewer))
      .andWhere('x.status = :status', { status: ViolationStatus.New })
      .getCount();
  }

  async update(id: string, input: UpdateViolationRequest, viewer: AuthUser): Promise<Violation> {
    const current = await this.get(id, viewer);
    if (!current) throw notFound('Violation');
    await this.dataSource.getRepository(ViolationEntity).update(id, {
      status: input.status,
      note: input.note ?? current.note,
      handledBy: viewer.username,
      handledAt: new Date(),
    });
    return (await this.get(id, viewer))!;
  }

  /**
   * Applies today's rules to messages of a past period (after a rule was added or changed). Existing hits
   * stay as they are; only new (rule, message) pairs are added.
   */
  async rescan(
    from: Date,
    to: Date,
    viewer: Pick<AuthUser, 'scope'>,
  ): Promise<{ scanned: number; created: { id: string; memberId: string }[] }> {
    // Every rule over every member's messages: a corp-wide write of violations.
    requireCorpWide(viewer, 'A re-scan');
    if (to <= from || to.getTime() - from.getTime() > MAX_RESCAN_DAYS * 86_400_000) {
      throw new AppError(ErrorCode.ValidationFailed, `Choose a period of at most ${MAX_RESCAN_DAYS} days`);
    }
    const matcher = await this.rules.matcher();
    const archive = new ChatArchive(this.dataSource);
    let scanned = 0;
    const createdIds: { id: string; memberId: string }[] = [];
    let afterId = '0';
    for (;;) {
      const batch = await archive.messagesBetween(from, to, afterId, RESCAN_BATCH);
      if (batch.length === 0) break;
      afterId = String(batch[batch.length - 1]!.id);
      scanned += batch.length;
      const senders = [...new Set(batch.map((message) => message.senderId))];
      const [departmentsOf, conversations] = await Promise.all([
        new MemberDirectory(this.dataSource).departmentsOf(senders),
        archive.conversations(batch.map((m) => String(m.conversationId))),
      ]);
      for (const message of batch.filter((each) => departmentsOf.has(each.senderId))) {
        const conversation = conversations.find((each) => String(each.id) === String(message.conversationId));
        const hits = matcher.match({
          action: message.action,
          msgtype: message.msgtype,
          text: message.searchText,
          msgtime: message.msgtime,
          senderIsMember: true,
          senderDepartments: departmentsOf.get(message.senderId) ?? [],
          withCustomer: conversation ? conversation.kind !== 'internal' : false,
        });
        for (const hit of hits) {
          const exists = await this.dataSource
            .getRepository(ViolationEntity)
            .existsBy({ ruleId: hit.ruleId, messageId: String(message.id) });
          if (exists) continue;
          const inserted = await this.dataSource.transaction(async (manager) => {
            const result = await manager.insert(ViolationEntity, {
              ruleId: hit.ruleId,
              messageId: String(message.id),
              conversationId: String(message.conversationId),
              memberId: message.senderId,
              severity: matcher.severityOf(hit.ruleId),
              matched: hit.matched.join(',').slice(0, 500),
              excerpt: hit.excerpt,
              status: ViolationStatus.New,
              occurredAt: message.msgtime,
            });
            await archive.countHit(manager, String(message.id), String(message.conversationId));
            return String(result.identifiers[0]?.id);
          });
          createdIds.push({ id: inserted, memberId: message.senderId });
        }
      }
    }
    return { scanned, created: createdIds };
  }

  private scoped(scope: 'all' | string[]) {
    const builder = this.dataSource.getRepository(ViolationEntity).createQueryBuilder('x');
    if (scope !== 'all') builder.andWhere(memberInScopeSql('x.member_id'), scopeParams(scope));
    return builder;
  }

  private async map(rows: ViolationEntity[]): Promise<Violation[]> {
    if (rows.length === 0) return [];
    const [rules, conversations] = await Promise.all([
      this.dataSource
        .getRepository(AuditRuleEntity)
        .findBy({ id: In([...new Set(rows.map((row) => row.ruleId))]) }),
      new ChatArchive(this.dataSource).conversations(rows.map((row) => String(row.conversationId))),
    ]);
    const directory = await ParticipantDirectory.load(this.dataSource, [
      ...rows.map((row) => row.memberId),
      ...conversations.map((conversation) => conversation.customerId ?? ''),
    ]);
    return rows.map((row) => {
      const conversation = conversations.find((each) => String(each.id) === String(row.conversationId));
      return {
        id: String(row.id),
        ruleId: String(row.ruleId),
        ruleName: rules.find((rule) => rule.id === row.ruleId)?.name ?? String(row.ruleId),
        severity: row.severity,
        status: row.status,
        messageId: String(row.messageId),
        conversationId: String(row.conversationId),
        member: directory.of(row.memberId),
        customer:
          conversation?.customerId && conversation.kind === 'single'
            ? directory.of(conversation.customerId)
            : null,
        matched: row.matched ? row.matched.split(',') : [],
        excerpt: row.excerpt,
        occurredAt: row.occurredAt.toISOString(),
        note: row.note,
        handledBy: row.handledBy,
        handledAt: row.handledAt?.toISOString() ?? null,
      };
    });
  }
}
