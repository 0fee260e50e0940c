import type { AccessAction, AccessAuditEntry, AccessAuditQuery, Page } from '@keeper/shared';
import type { JsonObject } from '../../db/columns';
import type { AuthUser } from '../../http/context';
import type { AccessAuditEntity } from './access-audit.entity';
import type { AccessAuditRepository } from './access-audit.repository';

export interface AccessRecord {
  action: AccessAction;
  targetType?: string;
  targetId?: string;
  detail?: JsonObject;
}

/**
 * The access-audit log. Every feature that shows or exports sensitive data (chats, phone numbers,
 * customer lists) calls `record()` in the same request, so the log answers "who saw what, when".
 */
export class AccessAuditService {
  constructor(private readonly repository: AccessAuditRepository) {}

  async record(
    actor: { user: AuthUser; ip: string; requestId: string },
    access: AccessRecord,
  ): Promise<void> {
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

  async list(query: AccessAuditQuery): Promise<Page<AccessAuditEntry>> {
    const { items, total } = await this.repository.list(query);
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
