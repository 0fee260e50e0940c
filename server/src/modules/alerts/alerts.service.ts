import {
  AlertStatus,
  ErrorCode,
  type Alert,
  type AlertKind,
  type AlertQuery,
  type Page,
  type UpdateAlertRequest,
} from '@keeper/shared';
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { ScopeService } from '../org/scope.service';
import type { AlertRow, AlertsRepository } from './alerts.repository';

const SEVERITY: Record<AlertKind, Alert['severity']> = {
  member_deleted_customer: 'high',
  customer_deleted_member: 'medium',
};

/** Alerts for managers: raised by handlers, read and handled within the viewer's scope. */
export class AlertsService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly scopes: ScopeService,
  ) {}

  /** Raises an alert in the caller's transaction; null when the same cause already raised it. */
  raise(
    manager: EntityManager,
    alert: {
      kind: AlertKind;
      userId: string;
      externalUserId: string | null;
      occurredAt: Date;
      dedupeKey: string;
    },
  ): Promise<string | null> {
    return this.repository.insertOnce(manager, {
      ...alert,
      severity: SEVERITY[alert.kind],
      status: AlertStatus.Open,
      note: null,
      handledBy: null,
      handledAt: null,
    });
  }

  async list(query: AlertQuery, viewer: AuthUser): Promise<Page<Alert>> {
    const { items, total } = await this.repository.list(query, await this.scopes.departmentsFor(viewer));
    return { items: items.map((row) => this.map(row)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, viewer: Pick<AuthUser, 'scope'>): Promise<Alert | null> {
    const row = await this.repository.findRow(id, await this.scopes.departmentsFor(viewer));
    return row ? this.map(row) : null;
  }

  async countOpen(viewer: Pick<AuthUser, 'scope'>): Promise<number> {
    return this.repository.countOpen(await this.scopes.departmentsFor(viewer));
  }

  async update(id: string, input: UpdateAlertRequest, viewer: AuthUser): Promise<Alert> {
    const current = await this.get(id, viewer);
    if (!current) throw notFound('Alert');
    if (current.status === AlertStatus.Resolved) {
      throw new AppError(ErrorCode.Conflict, 'This alert is already resolved');
    }
    await this.repository.update(id, {
      status: input.status,
      note: input.note ?? current.note,
      handledBy: viewer.username,
      handledAt: new Date(),
    });
    return (await this.get(id, viewer))!;
  }

  private map(row: AlertRow): Alert {
    return {
      id: String(row.id),
      kind: row.kind,
      severity: row.severity,
      status: row.status,
      userId: row.userId,
      memberName: row.memberName ?? row.userId,
      externalUserId: row.externalUserId,
      customerName: row.customerName,
      occurredAt: row.occurredAt.toISOString(),
      note: row.note,
      handledBy: row.handledBy,
      handledAt: row.handledAt?.toISOString() ?? null,
    };
  }
}
