import {
  accessAuditPageSchema,
  type AccessAuditEntry,
  type AccessAuditQuery,
  type Page,
} from '@keeper/shared';
import { http } from './request';

export function getAccessAuditListApi(query: AccessAuditQuery): Promise<Page<AccessAuditEntry>> {
  return http.get('/api/access-audit', { query: { ...query }, schema: accessAuditPageSchema });
}
