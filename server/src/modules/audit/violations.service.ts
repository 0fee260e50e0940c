import {
  AccessAction,
  ViolationStatus,
  type Page,
  type UpdateViolationRequest,
  type Violation,
  type ViolationQuery,
} from '@keeper/shared';
import { In, type DataSource } from 'typeorm';
import { notFound } from '../../http/app-error';
import type { Actor, AuthUser } from '../../http/context';
import { filtersOf, type AccessAuditService } from '../access-audit/access-audit.service';
import { ChatArchive } from '../archive/chat-archive.service';
import { ParticipantDirectory } from '../archive/participants';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import type { ScopeService } from '../org/scope.service';
import { AuditRuleEntity, ViolationEntity } from './audit.entity';

/** The violation inbox (new → confirmed / dismissed, with a note). */
export class ViolationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scopes: ScopeService,
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
