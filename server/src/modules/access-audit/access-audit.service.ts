import { AccessAction, type AccessAuditEntry, type AccessAuditQuery, type Page } from '@keeper/shared';
import type { JsonObject } from '../../db/columns';
import type { Actor } from '../../http/context';
import type { AccessAuditEntity } from './access-audit.entity';
import type { AccessAuditRepository } from './access-audit.repository';

export interface AccessRecord {
  action: AccessAction;
  targetType?: string;
  targetId?: string;
  detail?: JsonObject;
}

/**
 * The access-audit log. Every service method that shows or exports sensitive data (chats, phone numbers,
 * customer lists) calls `record()` itself, not its route, so the log answers "who saw what, when" whichever
 * way the data leaves.
 */
export class AccessAuditService {
  constructor(private readonly repository: AccessAuditRepository) {}

  async record(actor: Actor, access: AccessRecord): Promise<void> {
    await this.repository.insert({
      userId: actor.user.id,
      username: actor.user.username,
      action: access.action,
      targetType: access.targetType ?? null,
      targetId: access.targetId ?? null,
      detail: access.detail ?? null,
      ip: actor.ip.slice(0, 64),
      requestId: actor.requestId,
      at: new Date(),
    });
  }

  async list(query: AccessAuditQuery, actor: Actor): Promise<Page<AccessAuditEntry>> {
    const { items, total } = await this.repository.list(query);
    // Reading the log is itself recorded, so nobody can study it unseen.
    await this.record(actor, { action: AccessAction.AccessAuditList, detail: { ...query } });
    return { items: items.map((row) => this.map(row)), total, page: query.page, pageSize: query.pageSize };
  }

  private map(row: AccessAuditEntity): AccessAuditEntry {
    return {
      id: String(row.id),
      userId: row.userId,
      username: row.username,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      detail: row.detail,
      ip: row.ip,
      requestId: row.requestId,
      at: row.at.toISOString(),
    };
  }
}

/** The filters a reader used, for the detail of an access row: the ones set, paging left out. */
export function filtersOf(query: object): JsonObject {
  return Object.fromEntries(
    Object.entries(query).filter(
      (entry): entry is [string, string | number | boolean] =>
        ['string', 'number', 'boolean'].includes(typeof entry[1]) &&
        entry[0] !== 'page' &&
        entry[0] !== 'pageSize',
    ),
  );
}
