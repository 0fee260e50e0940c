import type { ConversationListQuery, MessageSearchQuery, MessageWindowQuery } from '@keeper/shared';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { dialectOf, escapeLike } from '../../db/sql';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import {
  ArchiveConversationEntity,
  ArchiveMessageContentEntity,
  ArchiveMessageEntity,
} from './archive.entity';

/** Below this share of the archive's time span, a search count reads its range through the time index. */
const NARROW_RANGE_FRACTION = 1 / 3;

/**
 * Reads over the archive. Scope: a viewer sees a conversation when its member (or either member of an
 * internal chat, or the owner of a customer group) is in their departments — and a one-to-one chat of a member
 * who handed the customer over (离职/在职继承, completed) to someone in their departments: whoever takes a
 * customer on reads what was said to them before.
 */
/**
 * The conversation's customer was handed over by its member to a member in scope. Written against the handover
 * tables by name (the reassign module reads the archive, so the archive cannot ask it without a cycle).
 */
const HANDED_OVER_TO_SCOPE = `(v.kind = 'single' AND EXISTS (SELECT 1 FROM handover_items hi INNER JOIN handover_cases hc ON hc.id = hi.case_id WHERE hi.target_id = v.customer_id AND hi.kind = 'customer' AND hi.state = 'done' AND hc.handover_userid = v.member_id AND ${memberInScopeSql('hi.takeover_userid')}))`;

export class ArchiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  private conversations(scope: 'all' | string[]): SelectQueryBuilder<ArchiveConversationEntity> {
    const builder = this.dataSource.getRepository(ArchiveConversationEntity).createQueryBuilder('v');
    if (scope !== 'all') {
      builder.andWhere(
        `(${memberInScopeSql('v.member_id')} OR (v.kind = 'internal' AND ${memberInScopeSql('v.customer_id')}) OR v.room_id IN (SELECT g.chat_id FROM customer_groups g WHERE ${memberInScopeSql('g.owner_userid')}) OR ${HANDED_OVER_TO_SCOPE})`,
        scopeParams(scope),
      );
    }
    return builder;
  }

  async listConversations(
    query: ConversationListQuery,
    scope: 'all' | string[],
  ): Promise<{ items: ArchiveConversationEntity[]; total: number }> {
    const builder = this.conversations(scope);
    if (query.memberId) builder.andWhere('v.member_id = :memberId', { memberId: query.memberId });
    if (query.customerId) builder.andWhere('v.customer_id = :customerId', { customerId: query.customerId });
    if (query.kind) builder.andWhere('v.kind = :kind', { kind: query.kind });
    if (query.withViolations) builder.andWhere('v.violation_count > 0');
    if (query.q) {
      const q = `%${escapeLike(query.q)}%`;
      builder.andWhere(
        `(v.member_id IN (SELECT m.userid FROM members m WHERE m.name LIKE :q) OR v.customer_id IN (SELECT c.external_userid FROM customers c WHERE c.name LIKE :q) OR v.room_id IN (SELECT g.chat_id FROM customer_groups g WHERE g.name LIKE :q))`,
        { q },
      );
    }
    const [items, total] = await builder
      .orderBy('v.last_message_at', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  findConversation(id: string, scope: 'all' | string[]): Promise<ArchiveConversationEntity | null> {
    return this.conversations(scope).andWhere('v.id = :id', { id }).getOne();
  }

  /** A window of a conversation, oldest first. `limit + 1` rows tell whether there is more. */
  async window(
    conversationId: string,
    query: MessageWindowQuery,
  ): Promise<{ items: ArchiveMessageEntity[]; hasOlder: boolean; hasNewer: boolean }> {
    const messages = () =>
      this.dataSource
        .getRepository(ArchiveMessageEntity)
        .createQueryBuilder('a')
        .where('a.conversation_id = :conversationId', { conversationId });
    const anchor = async (id: string) =>
      this.dataSource.getRepository(ArchiveMessageEntity).findOneBy({ id, conversationId });
    const older = async (before: ArchiveMessageEntity | null, limit: number, inclusive = false) => {
      const builder = messages();
      if (before) {
        builder.andWhere(`(a.msgtime < :at OR (a.msgtime = :at AND a.id ${inclusive ? '<=' : '<'} :id))`, {
          at: before.msgtime,
          id: before.id,
        });
      }
      const rows = await builder
        .orderBy('a.msgtime', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .limit(limit + 1)
        .getMany();
      return { rows: rows.slice(0, limit).reverse(), more: rows.length > limit };
    };
    const newer = async (after: ArchiveMessageEntity, limit: number) => {
      const rows = await messages()
        .andWhere('(a.msgtime > :at OR (a.msgtime = :at AND a.id > :id))', {
          at: after.msgtime,
          id: after.id,
        })
        .orderBy('a.msgtime', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .limit(limit + 1)
        .getMany();
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    };

    if (query.around) {
      const center = await anchor(query.around);
      if (!center) return { items: [], hasOlder: false, hasNewer: false };
      const half = Math.floor(query.limit / 2);
      const before = await older(center, half + 1, true);
      const after = await newer(center, query.limit - half);
      return { items: [...before.rows, ...after.rows], hasOlder: before.more, hasNewer: after.more };
    }
    if (query.after) {
      const start = await anchor(query.after);
      if (!start) return { items: [], hasOlder: false, hasNewer: false };
      const after = await newer(start, query.limit);
      return { items: after.rows, hasOlder: true, hasNewer: after.more };
    }
    const start = query.before ? await anchor(query.before) : null;
    const before = await older(start, query.limit);
    return { items: before.rows, hasOlder: before.more, hasNewer: Boolean(query.before) };
  }

  /** The messages of a conversation after `after` (from the start when null), oldest first. */
  forward(
    conversationId: string,
    after: ArchiveMessageEntity | null,
    limit: number,
  ): Promise<ArchiveMessageEntity[]> {
    const builder = this.dataSource
      .getRepository(ArchiveMessageEntity)
      .createQueryBuilder('a')
      .where('a.conversation_id = :conversationId', { conversationId });
    if (after)
      builder.andWhere('(a.msgtime > :at OR (a.msgtime = :at AND a.id > :id))', {
        at: after.msgtime,
        id: after.id,
      });
    return builder.orderBy('a.msgtime', 'ASC').addOrderBy('a.id', 'ASC').limit(limit).getMany();
  }

  /**
   * Search within a time range (the console always sends one): the range and the sender or conversation
   * narrow the rows through indexes, and only those rows' short search text is scanned.
   */
  async search(
    query: MessageSearchQuery,
    scope: 'all' | string[],
  ): Promise<{ items: ArchiveMessageEntity[]; total: number }> {
    const builder = this.dataSource.getRepository(ArchiveMessageEntity).createQueryBuilder('a');
    if (query.from) builder.andWhere('a.msgtime >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('a.msgtime < :to', { to: new Date(query.to) });
    if (query.senderId) builder.andWhere('a.sender_id = :sender', { sender: query.senderId });
    if (query.msgtype) builder.andWhere('a.msgtype = :msgtype', { msgtype: query.msgtype });
    if (query.q) builder.andWhere('a.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    if (query.customerId || scope !== 'all') {
      const conversations = this.conversations(scope).select('v.id');
      if (query.customerId)
        conversations.andWhere('v.customer_id = :customerId', { customerId: query.customerId });
      builder
        .andWhere(`a.conversation_id IN (${conversations.getQuery()})`)
        .setParameters(conversations.getParameters());
    }
    const total = await this.countMatches(
      builder,
      !query.senderId && !query.customerId && (await this.rangeIsNarrow(query.from, query.to)),
    );
    const items = await builder
      .orderBy('a.msgtime', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getMany();
    return { items, total };
  }

  /**
   * The exact number of matches. The page itself walks the time index newest first and stops after a page; the
   * count reads the whole range. When the range is the narrowing filter, MySQL is told to use the time index:
   * with freshly sampled statistics it sometimes prices the range (a few percent of the table) above a full
   * table scan, and a 30-day search then reads a year of messages (0.6 s instead of 0.1 s at a million).
   */
  private async countMatches(
    builder: SelectQueryBuilder<ArchiveMessageEntity>,
    byTime: boolean,
  ): Promise<number> {
    const [sql, params] = builder.clone().select('COUNT(1)', 'cnt').getQueryAndParameters();
    const table = 'FROM `archive_messages` `a`';
    const hinted =
      byTime && sql.includes(table)
        ? sql.replace(table, `${table} FORCE INDEX (ix_archive_messages_time)`)
        : sql;
    const [row] = (await this.dataSource.query(hinted, params)) as { cnt: number | string }[];
    return Number(row?.cnt ?? 0);
  }

  /**
   * Whether reading [from, to) through the time index beats a table scan on MySQL: while the range covers under
   * a third of the archive's time span. Measured at a million messages over a year (index vs scan): 90 days
   * 0.26 vs 0.62 s, 180 days 0.49 vs 0.64 s, a whole year 1.5 vs 0.8 s. MIN and MAX come from the index itself.
   */
  private async rangeIsNarrow(from: string | undefined, to: string | undefined): Promise<boolean> {
    if (!from || dialectOf(this.dataSource) === 'sqlite') return false;
    const [row] = (await this.dataSource.query(
      `SELECT TIMESTAMPDIFF(SECOND, GREATEST(MIN(msgtime), ?), LEAST(MAX(msgtime), COALESCE(?, MAX(msgtime))))
              / NULLIF(TIMESTAMPDIFF(SECOND, MIN(msgtime), MAX(msgtime)), 0) AS fraction
         FROM archive_messages`,
      [new Date(from), to ? new Date(to) : null],
    )) as { fraction: string | number | null }[];
    return row?.fraction != null && Number(row.fraction) < NARROW_RANGE_FRACTION;
  }

  async contents(messageIds: string[]): Promise<Map<string, string>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ArchiveMessageContentEntity)
      .findBy({ messageId: In(messageIds) });
    return new Map(rows.map((row) => [String(row.messageId), row.content]));
  }

  findMessage(id: string): Promise<ArchiveMessageEntity | null> {
    return this.dataSource.getRepository(ArchiveMessageEntity).findOneBy({ id });
  }

  /** Messages archived, from the conversations' counters: counting the message table itself is a full scan. */
  async count(): Promise<number> {
    const [row] = (await this.dataSource.query(
      'SELECT COALESCE(SUM(message_count), 0) AS n FROM archive_conversations',
    )) as { n: string | number }[];
    return Number(row?.n ?? 0);
  }
}
