import { FollowStatus, type AudienceFilter, type OwnerPolicy } from '@keeper/shared';
import type { DataSource } from 'typeorm';
import { dialectOf, rawDateTime } from '../../db/sql';
import { customersInGroupsSql } from '../groups/group-member-sql';

/**
 * When members last chatted with customers, as SQL the audience embeds. The archive owns those tables and
 * supplies this (archive/conversation-sql.ts, wired in app.ts): the archive already depends on customers.
 */
export interface ChatHistorySql {
  /** A scalar subquery: the last archived one-to-one message time of (member, customer), or NULL. */
  lastChatAt(memberColumn: string, customerColumn: string): string;
  /** A subquery of the customer ids (column `id`) with an archived one-to-one message at or after `:param`. */
  customersChattedSince(param: string): string;
}

/** The audience's inputs, with who may send already resolved into member lists. */
export interface AudienceQueryInput {
  filter: AudienceFilter;
  policy: OwnerPolicy;
  /** The active members within the scope: only their relations count, for sending and for tags. */
  members: string[];
  /** Those of `members` the owner filter names; null when it names none. */
  owners: string[] | null;
  /** department_first: the active members of the chosen department's sub-tree. */
  preferred: string[];
  /** The moment silence is measured back from. */
  now: Date;
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ACTIVE = `'${FollowStatus.Active}'`;
/**
 * The longest id list bound value by value on SQLite: a query names the member list up to ~25 times (once per
 * tag condition), and SQLite takes 32,766 parameters a statement.
 */
const SQLITE_LIST_MAX = 500;

/**
 * A set of customer ids (a subquery with one column, `id`) computed once: as a plain `IN (subquery)` MariaDB
 * often probes the subquery once per relation instead, or joins it into the relation scan from the wrong end.
 * DISTINCT keeps the derived table from being merged back into the query.
 */
function materialized(set: string): string {
  return `SELECT m.id FROM (SELECT DISTINCT q.id FROM (${set}) q) m`;
}

/** The UTC instant a Shanghai calendar day (YYYY-MM-DD) begins. */
export function shanghaiDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/**
 * The SQL of one audience. A relation matches when it is active, its member is in `members`, it passes the
 * relation filters (owners, added date, channel) and its customer passes the customer filters (tags on any
 * in-scope relation, groups, silence, gender) — or its customer is on the include list — and its customer is
 * not excluded.
 *
 * The member lists go in as constants rather than subqueries on members: MariaDB then starts a tag filter from
 * the tag's index instead of from every member's relations, which made tag filters four times faster at
 * 100,000 customers. Named parameters throughout; `sql()` turns them into the driver's.
 */
export class AudienceQuery {
  private readonly params: Record<string, unknown> = {};
  /** Each id list is one named parameter, however often the SQL names it. */
  private readonly lists = new Map<readonly string[], string>();
  private counter = 0;
  private readonly dialect;

  constructor(
    private readonly dataSource: DataSource,
    private readonly chats: ChatHistorySql,
    private readonly input: AudienceQueryInput,
  ) {
    this.dialect = dialectOf(dataSource);
  }

  /**
   * One row per matched customer: `customer`, `relations` (its matched relations) and `sender`, the owner the
   * policy picks. Only customers with several matched owners pay for the policy (a lookup of their relations
   * and last chats); the others send through their only owner.
   */
  customers(): string {
    return (
      `SELECT g.customer, g.relations, CASE WHEN g.relations = 1 THEN g.only_owner ` +
      `ELSE (${this.pickSender('g.customer')}) END AS sender ` +
      `FROM (SELECT f.external_userid AS customer, COUNT(*) AS relations, MIN(f.userid) AS only_owner ` +
      `FROM customer_follows f WHERE ${this.matched('f')} GROUP BY f.external_userid) g`
    );
  }

  /** The SQL and its positional parameters for the driver. */
  sql(namedSql: string): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(namedSql, this.params, {});
  }

  private param(value: unknown): string {
    const name = `a${this.counter++}`;
    this.params[name] = value;
    return name;
  }

  /** The condition on relation alias `f` that it is in the audience. */
  private matched(f: string): string {
    const { filter } = this.input;
    const conditions = [this.inScope(f)];
    const selective = [...this.relationFilters(f), ...this.customerFilters(`${f}.external_userid`)];
    if (filter.includeIds.length > 0 && selective.length > 0) {
      conditions.push(`((${selective.join(' AND ')}) OR ${this.included(`${f}.external_userid`)})`);
    } else {
      conditions.push(...selective);
    }
    if (filter.excludeIds.length > 0)
      conditions.push(`NOT ${this.idIn(`${f}.external_userid`, filter.excludeIds)}`);
    return conditions.join(' AND ');
  }

  /**
   * The one owner who sends to a customer with several: among its relations the audience matched (an included
   * customer's in-scope relations all match; the others' pass the relation filters, the customer filters hold
   * already), the first by the policy.
   */
  private pickSender(customer: string): string {
    const { filter } = this.input;
    const relationFilters = this.relationFilters('s');
    // The unary plus keeps SQLite from probing the relations once per member of the scope instead of reading
    // the customer's own few (a no-op for MariaDB, which reads them by customer either way).
    const conditions = [
      `s.external_userid = ${customer}`,
      `s.status = ${ACTIVE} AND ${this.idIn('+s.userid', this.input.members)}`,
    ];
    if (relationFilters.length > 0) {
      conditions.push(
        filter.includeIds.length > 0
          ? `((${relationFilters.join(' AND ')}) OR ${this.included(customer)})`
          : relationFilters.join(' AND '),
      );
    }
    return (
      `SELECT s.userid FROM customer_follows s WHERE ${conditions.join(' AND ')} ` +
      `ORDER BY ${this.policyOrder('s')} LIMIT 1`
    );
  }

  /** An active relation of an active member within the scope: what may be reached at all. */
  private inScope(f: string): string {
    return `${f}.status = ${ACTIVE} AND ${this.idIn(`${f}.userid`, this.input.members)}`;
  }

  private relationFilters(f: string): string[] {
    const { filter, owners } = this.input;
    const conditions: string[] = [];
    if (owners) conditions.push(this.idIn(`${f}.userid`, owners));
    if (filter.addedFrom) {
      const from = rawDateTime(this.dialect, shanghaiDayStart(filter.addedFrom));
      conditions.push(`${f}.added_at >= :${this.param(from)}`);
    }
    if (filter.addedTo) {
      const end = new Date(shanghaiDayStart(filter.addedTo).getTime() + DAY_MS);
      conditions.push(`${f}.added_at < :${this.param(rawDateTime(this.dialect, end))}`);
    }
    if (filter.channels.length > 0) conditions.push(`${f}.state IN (:...${this.param(filter.channels)})`);
    return conditions;
  }

  /** Conditions on the customer, each a set of customer ids it must (or must not) be in. */
  private customerFilters(customer: string): string[] {
    const { filter, now } = this.input;
    const conditions: string[] = [];
    const isIn = (set: string) => `${customer} IN (${materialized(set)})`;
    const notIn = (set: string) => `${customer} NOT IN (${materialized(set)})`;
    for (const condition of filter.tagConditions) {
      const tagIds = [...new Set(condition.tagIds)];
      if (condition.mode === 'none') conditions.push(notIn(this.taggedSql(tagIds)));
      else if (condition.mode === 'any') conditions.push(isIn(this.taggedSql(tagIds)));
      else {
        conditions.push(
          isIn(
            `${this.taggedSql(tagIds)} GROUP BY t.external_userid HAVING COUNT(DISTINCT t.tag_id) = ${tagIds.length}`,
          ),
        );
      }
    }
    if (filter.excludeTagIds.length > 0) conditions.push(notIn(this.taggedSql(filter.excludeTagIds)));
    if (filter.groupChatIds.length > 0)
      conditions.push(`${customer} IN (${customersInGroupsSql(this.param(filter.groupChatIds))})`);
    if (filter.silentDays !== undefined) {
      const since = new Date(now.getTime() - filter.silentDays * DAY_MS);
      // One table and one range: MariaDB materializes it by itself, and faster than the wrapped form.
      const name = this.param(rawDateTime(this.dialect, since));
      conditions.push(`${customer} NOT IN (${this.chats.customersChattedSince(name)})`);
    }
    if (filter.genders.length > 0) {
      conditions.push(
        isIn(
          `SELECT c.external_userid AS id FROM customers c WHERE c.gender IN (:...${this.param(filter.genders)})`,
        ),
      );
    }
    return conditions;
  }

  /**
   * Customers with any of these tags on an in-scope relation. Tags belong to the relation in WeCom and stay
   * behind when it ends, hence the look at the relation's status.
   */
  private taggedSql(tagIds: string[]): string {
    // MariaDB would rather walk every in-scope relation and probe its tags than look up the few relations a
    // tag's index names (it prices the relation lookups high): STRAIGHT_JOIN keeps it on the tag's index.
    const join = this.dialect === 'mysql' ? 'STRAIGHT_JOIN' : 'INNER JOIN';
    return (
      `SELECT t.external_userid AS id FROM customer_follow_tags t ${join} customer_follows tf ` +
      `ON tf.external_userid = t.external_userid AND tf.userid = t.userid ` +
      `WHERE t.tag_id IN (:...${this.param(tagIds)}) AND ${this.idIn('t.userid', this.input.members)} ` +
      `AND tf.status = ${ACTIVE}`
    );
  }

  private included(customer: string): string {
    return this.idIn(customer, this.input.filter.includeIds);
  }

  /**
   * `column IN (ids)` for lists up to 20,000 long (an empty list matches nothing). MariaDB and MySQL get the
   * list itself, which they search as a sorted array. SQLite caps bound parameters (32,766 a statement, and a
   * list is bound again wherever the SQL names it), so a long list goes there as one JSON parameter — not a
   * short one: json_each is parsed again each time a correlated subquery runs.
   */
  private idIn(column: string, ids: readonly string[]): string {
    if (ids.length === 0) return '1 = 0';
    const asJson = this.dialect === 'sqlite' && ids.length > SQLITE_LIST_MAX;
    let name = this.lists.get(ids);
    if (!name) {
      name = this.param(asJson ? JSON.stringify(ids) : ids);
      this.lists.set(ids, name);
    }
    return asJson ? `${column} IN (SELECT value FROM json_each(:${name}))` : `${column} IN (:...${name})`;
  }

  /** Ranks a customer's matched owners: the first sends. Ties end on the member id, for stable results. */
  private policyOrder(s: string): string {
    const { policy, preferred } = this.input;
    // DESC sorts NULL last on every database: never chatted, or added at an unknown time, comes after.
    const latest =
      `${this.chats.lastChatAt(`${s}.userid`, `${s}.external_userid`)} DESC, ` +
      `${s}.added_at DESC, ${s}.userid ASC`;
    if (policy.policy === 'first_owner')
      return `CASE WHEN ${s}.added_at IS NULL THEN 1 ELSE 0 END, ${s}.added_at ASC, ${s}.userid ASC`;
    if (policy.policy === 'department_first')
      return `CASE WHEN ${this.idIn(`${s}.userid`, preferred)} THEN 0 ELSE 1 END, ${latest}`;
    return latest;
  }
}
