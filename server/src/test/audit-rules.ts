import type { DataSource } from 'typeorm';
import { SyncRuns } from '../jobs/sync-runs';
import { AccessAuditRepository } from '../modules/access-audit/access-audit.repository';
import { AccessAuditService } from '../modules/access-audit/access-audit.service';
import { AuditRulesService } from '../modules/audit/audit-rules.service';
import { OrgRepository } from '../modules/org/org.repository';
import { OrgService } from '../modules/org/org.service';
import { ScopeService } from '../modules/org/scope.service';

/** The audit rules service as app.ts wires it, over its own org repository (one Keeper process). */
export function auditRulesService(
  dataSource: DataSource,
  org = new OrgRepository(dataSource),
): AuditRulesService {
  const audit = new AccessAuditService(new AccessAuditRepository(dataSource));
  return new AuditRulesService(
    dataSource,
    new OrgService(org, new SyncRuns(dataSource), audit),
    new ScopeService(org),
  );
}
