import {
  CampaignKind,
  CampaignStatus,
  ExclusionReason,
  RecipientState,
  type ReceiveRule,
} from '@keeper/shared';
import type { DataSource } from 'typeorm';
import { dialectOf, rawDateTime } from '../../db/sql';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/**
 * Ids per query: SQLite caps bound parameters, and below 1,000 values MariaDB keeps an IN list a list (from
 * 1,000 on it turns it into a joined table, in_predicate_conversion_threshold, and joined that from the wrong
 * end: 14 times slower at 100,000 customers).
 */
const CHUNK = 500;

export type FrequencyExclusion = typeof ExclusionReason.ReceiveRule | typeof ExclusionReason.RecentlyReached;

export interface FrequencyOptions {
  /** The corp's receive rule (a Keeper setting: WeCom's API does not tell it). */
  rule: ReceiveRule;
  /** The campaign's own guard: leave out customers reached in the last N days; null for none. */
  recentDays: number | null;
  /** When the message would go out. */
  now: Date;
  /** The campaign being estimated, whose own recipients are not history. */
  excludeCampaignId?: number | string | null;
}

/** A period of the receive rule in Shanghai's calendar, and how many mass messages a customer gets in it. */
export interface ReceivePeriod {
  start: Date;
  end: Date;
  limit: number;
}

/**
 * The period of the corp's receive rule that `now` falls in (protocol §6.3): one message a Shanghai day, seven
 * a Monday-to-Sunday week, or as many a month as the month has days. Counted like the WeCom simulator.
 */
export function receivePeriod(rule: ReceiveRule, now: Date): ReceivePeriod {
  const day = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
  const at = (dayNumber: number) => new Date(dayNumber * DAY_MS - SHANGHAI_OFFSET_MS);
  if (rule === 'day') return { start: at(day), end: at(day + 1), limit: 1 };
  if (rule === 'week') {
    // Day 0 (1970-01-01) was a Thursday: shift so that weeks start on Mondays.
    const monday = day - ((day + 3) % 7);
    return { start: at(monday), end: at(monday + 7), limit: 7 };
  }
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const [year, month] = [local.getUTCFullYear(), local.getUTCMonth()];
  return {
    start: new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS),
    end: new Date(Date.UTC(year, month + 1, 1) - SHANGHAI_OFFSET_MS),
    limit: new Date(Date.UTC(year, month + 1, 0)).getUTCDate(),
  };
}

/**
 * Estimates, from Keeper's own campaigns, which customers WeCom would refuse under the corp's receive rule and
 * which another campaign reached lately. A customer has received a mass message when a recipient row of theirs
 * is `sent` (at its send time), or is with a sender — `pending`, or `submitting` — in a task requested then,
 * of a campaign still under way (its sender may confirm any moment). Messages members sent outside Keeper are
 * unknown to it: WeCom's status 3 stays the truth, this only saves refused sends.
 */
export class FrequencyGuard {
  constructor(private readonly dataSource: DataSource) {}

  /** Customers who would be refused (receive_rule) or were reached lately (recently_reached); others absent. */
  async estimate(
    externalUserIds: readonly string[],
    options: FrequencyOptions,
  ): Promise<Map<string, FrequencyExclusion>> {
    const period = receivePeriod(options.rule, options.now);
    const recentSince =
      options.recentDays === null ? null : new Date(options.now.getTime() - options.recentDays * DAY_MS);
    const excluded = new Map<string, FrequencyExclusion>();
    const ids = [...new Set(externalUserIds)];
    for (let start = 0; start < ids.length; start += CHUNK) {
      const rows = await this.history(ids.slice(start, start + CHUNK), period, recentSince, options);
      for (const row of rows) {
        if (Number(row.inPeriod) >= period.limit) excluded.set(row.id, ExclusionReason.ReceiveRule);
        else if (Number(row.recent) > 0) excluded.set(row.id, ExclusionReason.RecentlyReached);
      }
    }
    return excluded;
  }

  /** Per customer among `ids`: messages in the rule's period, and since `recentSince`. */
  private async history(
    ids: string[],
    period: ReceivePeriod,
    recentSince: Date | null,
    options: FrequencyOptions,
  ): Promise<{ id: string; inPeriod: number | string; recent: number | string }[]> {
    const dialect = dialectOf(this.dataSource);
    const time = (value: Date) => rawDateTime(dialect, value);
    const since = recentSince && recentSince < period.start ? recentSince : period.start;
    // When the message reached the customer, or may still reach them.
    const reachedAt = `(CASE WHEN r.state = :sent THEN COALESCE(r.sent_at, t.requested_at) ELSE t.requested_at END)`;
    // Straight to the customers' rows: a campaign has just written 100,000 recipients when the next one is
    // estimated, and with statistics from before that MariaDB scanned them all, for every chunk.
    const byTarget =
      dialect === 'mysql'
        ? 'FORCE INDEX (ix_broadcast_recipients_target)'
        : 'INDEXED BY ix_broadcast_recipients_target';
    const own = options.excludeCampaignId ?? null;
    const sql =
      `SELECT r.target_id AS id, ` +
      `SUM(CASE WHEN ${reachedAt} >= :periodStart AND ${reachedAt} < :periodEnd THEN 1 ELSE 0 END) AS inPeriod, ` +
      `${recentSince ? `SUM(CASE WHEN ${reachedAt} >= :recentSince THEN 1 ELSE 0 END)` : '0'} AS recent ` +
      `FROM broadcast_recipients r ${byTarget} ` +
      `INNER JOIN broadcast_campaigns c ON c.id = r.campaign_id ` +
      `LEFT JOIN broadcast_tasks t ON t.id = r.task_id ` +
      `WHERE r.target_id IN (:...ids) AND c.kind <> :staff ` +
      `AND (r.state = :sent OR (r.state IN (:...inFlight) AND c.status IN (:...underWay))) ` +
      `AND ${reachedAt} >= :since ${own === null ? '' : 'AND r.campaign_id <> :own '}` +
      `GROUP BY r.target_id`;
    const [query, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      sql,
      {
        ids,
        staff: CampaignKind.Staff,
        sent: RecipientState.Sent,
        inFlight: [RecipientState.Pending, RecipientState.Submitting],
        underWay: [CampaignStatus.Submitting, CampaignStatus.Running],
        since: time(since),
        periodStart: time(period.start),
        periodEnd: time(period.end),
        recentSince: recentSince ? time(recentSince) : null,
        own: own === null ? null : Number(own),
      },
      {},
    );
    return (await this.dataSource.query(query, parameters)) as {
      id: string;
      inPeriod: number | string;
      recent: number | string;
    }[];
  }
}
