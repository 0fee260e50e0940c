import type { AudienceFilter, OwnerPolicy } from '@keeper/shared';
import type { DataSource } from 'typeorm';
import type { MemberDirectory } from '../org/member-directory.service';
import type { ScopeService } from '../org/scope.service';
import { AudienceQuery, type ChatHistorySql } from './audience-query';

export type { ChatHistorySql } from './audience-query';

/**
 * Whose customers an audience may reach: the members of these departments (their sub-trees included), or
 * everyone's (`all`). A campaign passes the departments it was created with, the count route the caller's.
 */
export type AudienceScope = 'all' | readonly string[];

export interface AudienceCounts {
  /** Customers matched, each once. */
  customers: number;
  /** Matched relations beyond the one that sends, of customers with several matched owners. */
  merged: number;
  /** Distinct members who would send. */
  senders: number;
}

export interface AudienceRecipient {
  externalUserId: string;
  /** The owner the policy picked: the task the customer goes into. */
  senderUserId: string;
}

export interface ResolvedAudience {
  /** Every matched customer once, by external_userid. */
  recipients: AudienceRecipient[];
  merged: number;
}

/**
 * The customers an audience filter reaches, and through which owner: WeCom puts a customer with several
 * owners into one task, so Keeper picks the sender by the campaign's owner policy. Only active relations of
 * active members within the scope count. Counting and resolving run in the database (window functions over
 * the matched relations), so the console can count live at 100,000 customers.
 */
export class CustomerAudience {
  constructor(
    private readonly dataSource: DataSource,
    private readonly members: MemberDirectory,
    private readonly scopes: ScopeService,
    private readonly chats: ChatHistorySql,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async count(
    filter: AudienceFilter,
    policy: OwnerPolicy,
    scope: AudienceScope,
    now = this.clock(),
  ): Promise<AudienceCounts> {
    const query = await this.query(filter, policy, scope, now);
    const [sql, params] = query.sql(
      `SELECT COUNT(*) AS customers, COALESCE(SUM(x.relations), 0) AS relations, ` +
        `COUNT(DISTINCT x.sender) AS senders FROM (${query.customers()}) x`,
    );
    const [row] = (await this.dataSource.query(sql, params)) as {
      relations: number | string;
      customers: number | string;
      senders: number | string;
    }[];
    const customers = Number(row?.customers ?? 0);
    return {
      customers,
      merged: Number(row?.relations ?? 0) - customers,
      senders: Number(row?.senders ?? 0),
    };
  }

  /** Every matched customer once with the owner who sends, ordered by external_userid. */
  async resolve(
    filter: AudienceFilter,
    policy: OwnerPolicy,
    scope: AudienceScope,
    now = this.clock(),
  ): Promise<ResolvedAudience> {
    const query = await this.query(filter, policy, scope, now);
    const [sql, params] = query.sql(
      `SELECT x.customer, x.sender, x.relations FROM (${query.customers()}) x ORDER BY x.customer`,
    );
    const rows = (await this.dataSource.query(sql, params)) as {
      customer: string;
      sender: string;
      relations: number | string;
    }[];
    let merged = 0;
    const recipients = rows.map((row) => {
      merged += Number(row.relations) - 1;
      return { externalUserId: row.customer, senderUserId: row.sender };
    });
    return { recipients, merged };
  }

  private async query(
    filter: AudienceFilter,
    policy: OwnerPolicy,
    scope: AudienceScope,
    now: Date,
  ): Promise<AudienceQuery> {
    const preferredDepartments = policy.policy === 'department_first' ? [policy.departmentId] : [];
    const [members, ownersOfDepartments, preferred] = await Promise.all([
      this.activeMembersUnder(scope),
      filter.ownerDepartmentIds.length > 0 ? this.activeMembersUnder(filter.ownerDepartmentIds) : [],
      preferredDepartments.length > 0 ? this.activeMembersUnder(preferredDepartments) : [],
    ]);
    let owners: string[] | null = null;
    if (filter.ownerIds.length > 0 || filter.ownerDepartmentIds.length > 0) {
      const named = new Set([...filter.ownerIds, ...ownersOfDepartments]);
      owners = members.filter((userId) => named.has(userId));
    }
    return new AudienceQuery(this.dataSource, this.chats, {
      filter,
      policy,
      members,
      owners,
      preferred,
      now,
    });
  }

  /** The active members of these departments and their sub-trees, or of the whole corp. */
  private async activeMembersUnder(departments: AudienceScope): Promise<string[]> {
    return this.members.activeIn(departments === 'all' ? 'all' : await this.subtrees(departments));
  }

  /** The departments with every department below them (the scope rule, from ScopeService). */
  private async subtrees(departmentIds: readonly string[]): Promise<string[]> {
    if (departmentIds.length === 0) return [];
    const covered = await this.scopes.departmentsFor({
      scope: { all: false, departmentIds: [...departmentIds] },
    });
    return covered === 'all' ? [] : covered;
  }
}
