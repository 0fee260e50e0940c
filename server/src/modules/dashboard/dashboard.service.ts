import {
  CustomerEventKind,
  CustomerStatus,
  MemberStatus,
  type Dashboard,
  type DashboardQuery,
} from '@keeper/shared';
import type { DataSource } from 'typeorm';
import type { Dialect } from '../../db/dialect';
import { shanghaiDay } from '../../db/sql';
import type { AuthUser } from '../../http/context';
import type { AlertsService } from '../alerts/alerts.service';
import { memberInScopeSql, scopeParams } from '../org/scope-sql';
import type { ScopeService } from '../org/scope.service';

const LOSS_KINDS = [CustomerEventKind.DeletedByMember, CustomerEventKind.DeletedByCustomer];
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * The home dashboard, straight from the database within the viewer's scope. "Added" counts follow
 * relations by WeCom's add time (so relations found by the sync count on the day they began); "lost"
 * counts relations ended by either side.
 */
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dialect: Dialect,
    private readonly scopes: ScopeService,
    private readonly alerts: AlertsService,
  ) {}

  async build(query: DashboardQuery, viewer: AuthUser): Promise<Dashboard> {
    const scope = await this.scopes.departmentsFor(viewer);
    const from = new Date(Date.parse(`${query.from}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
    const to = new Date(Date.parse(`${query.to}T00:00:00Z`) - SHANGHAI_OFFSET_MS + 86_400_000);
    const inRange = { from, to };
    const added = {
      table: 'customer_follows',
      where: 'f.added_at >= :from AND f.added_at < :to',
      params: inRange,
    };
    const lost = {
      table: 'customer_events',
      where: 'f.kind IN (:...kinds) AND f.occurred_at >= :from AND f.occurred_at < :to',
      params: { ...inRange, kinds: LOSS_KINDS },
    };
    const [addedByDay, lostByDay, addedByMember, lostByMember, byChannel] = await Promise.all([
      this.countGrouped(added, shanghaiDay(this.dialect, 'f.added_at'), scope),
      this.countGrouped(lost, shanghaiDay(this.dialect, 'f.occurred_at'), scope),
      this.countGrouped(added, 'f.userid', scope),
      this.countGrouped(lost, 'f.userid', scope),
      this.countGrouped(added, 'f.state', scope),
    ]);

    const memberIds = [
      ...new Set(
        [...addedByMember, ...lostByMember]
          .map((row) => row.key)
          .filter((key): key is string => Boolean(key)),
      ),
    ];
    const names = new Map(
      memberIds.length
        ? (
            await this.dataSource
              .createQueryBuilder()
              .from('members', 'm')
              .select(['m.userid AS userId', 'm.name AS name'])
              .where('m.userid IN (:...ids)', { ids: memberIds })
              .getRawMany<{ userId: string; name: string }>()
          ).map((row) => [row.userId, row.name])
        : [],
    );

    return {
      totals: await this.totals(scope, viewer),
      daily: eachDay(query.from, query.to).map((day) => ({
        day,
        added: count(addedByDay.find((row) => row.key === day)),
        lost: count(lostByDay.find((row) => row.key === day)),
      })),
      byMember: memberIds
        .map((userId) => ({
          userId,
          name: names.get(userId) ?? userId,
          added: count(addedByMember.find((row) => row.key === userId)),
          lost: count(lostByMember.find((row) => row.key === userId)),
        }))
        .sort((a, b) => b.added - a.added || b.lost - a.lost || a.userId.localeCompare(b.userId)),
      byChannel: byChannel
        .map((row) => ({ state: row.key || null, added: count(row) }))
        .sort((a, b) => b.added - a.added),
    };
  }

  /** COUNT(*) of a table's rows in range, grouped by `key`, within the viewer's scope (by the row's member). */
  private countGrouped(
    source: { table: string; where: string; params: Record<string, unknown> },
    key: string,
    scope: 'all' | string[],
  ): Promise<{ key: string | null; n: string | number }[]> {
    const builder = this.dataSource
      .createQueryBuilder()
      .from(source.table, 'f')
      .select(key, 'key')
      .addSelect('COUNT(*)', 'n')
      .where(source.where, source.params);
    if (scope !== 'all') builder.andWhere(memberInScopeSql('f.userid'), scopeParams(scope));
    return builder.groupBy(key).getRawMany();
  }

  private async totals(scope: 'all' | string[], viewer: AuthUser): Promise<Dashboard['totals']> {
    const customers = this.dataSource
      .createQueryBuilder()
      .from('customers', 'c')
      .select('c.status', 'status')
      .addSelect('COUNT(*)', 'n');
    if (scope !== 'all') {
      customers.where(
        `EXISTS (SELECT 1 FROM customer_follows sf WHERE sf.external_userid = c.external_userid AND ${memberInScopeSql('sf.userid')})`,
        scopeParams(scope),
      );
    }
    const byStatus = await customers.groupBy('c.status').getRawMany<{ status: string; n: string | number }>();
    const members = this.dataSource
      .createQueryBuilder()
      .from('members', 'm')
      .where('m.status <> :departed', { departed: MemberStatus.Departed });
    if (scope !== 'all') members.andWhere(memberInScopeSql('m.userid'), scopeParams(scope));
    const active = count(byStatus.find((row) => row.status === CustomerStatus.Active));
    const lost = count(byStatus.find((row) => row.status === CustomerStatus.Lost));
    return {
      customers: active + lost,
      activeCustomers: active,
      lostCustomers: lost,
      members: await members.getCount(),
      openAlerts: await this.alerts.countOpen(viewer),
    };
  }
}

function count(row: { n: string | number } | undefined): number {
  return row ? Number(row.n) : 0;
}

function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let time = Date.parse(`${from}T00:00:00Z`);
    time <= Date.parse(`${to}T00:00:00Z`);
    time += 86_400_000
  ) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}
