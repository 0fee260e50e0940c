import { auditRuleSchema, type AuditRule, type AuditRuleInput, type RescanRequest } from '@keeper/shared';
import { http, type ResponseSchema } from './request';

export interface RescanResult {
  scanned: number;
  created: number;
}

const ID = encodeURIComponent;

/** The contract names no schema for these small answers; checked here so a bad body fails like any other. */
const auditRuleListSchema: ResponseSchema<AuditRule[]> = {
  parse(data) {
    if (!Array.isArray(data)) throw new Error('expected a list of audit rules');
    return data.map((rule) => auditRuleSchema.parse(rule));
  },
};

const rescanResultSchema: ResponseSchema<RescanResult> = {
  parse(data) {
    const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const { scanned, created } = record;
    if (!Number.isInteger(scanned) || !Number.isInteger(created)) {
      throw new Error('scanned, created: expected integers');
    }
    return { scanned: scanned as number, created: created as number };
  },
};

export function getAuditRuleListApi(): Promise<AuditRule[]> {
  return http.get('/api/audit-rules', { schema: auditRuleListSchema });
}

export function createAuditRuleApi(body: AuditRuleInput): Promise<AuditRule> {
  return http.post('/api/audit-rules', body, { schema: auditRuleSchema });
}

export function updateAuditRuleApi(id: string, body: AuditRuleInput): Promise<AuditRule> {
  return http.put(`/api/audit-rules/${ID(id)}`, body, { schema: auditRuleSchema });
}

/** Built-in rules answer 409: they can only be disabled. */
export function deleteAuditRuleApi(id: string): Promise<void> {
  return http.delete(`/api/audit-rules/${ID(id)}`);
}

/** Runs the enabled rules again over a range of at most 31 days (400 otherwise). */
export function rescanAuditRulesApi(body: RescanRequest): Promise<RescanResult> {
  return http.post('/api/audit-rules/rescan', body, { schema: rescanResultSchema });
}
