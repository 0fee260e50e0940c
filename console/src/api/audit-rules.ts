import {
  auditRuleSchema,
  rescanJobSchema,
  type AuditRule,
  type AuditRuleInput,
  type RescanJob,
  type RescanRequest,
} from '@keeper/shared';
import { http, type ResponseSchema } from './request';

const ID = encodeURIComponent;

/** The contract names no schema for these small answers; checked here so a bad body fails like any other. */
const auditRuleListSchema: ResponseSchema<AuditRule[]> = {
  parse(data) {
    if (!Array.isArray(data)) throw new Error('expected a list of audit rules');
    return data.map((rule) => auditRuleSchema.parse(rule));
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

/**
 * Queues a re-scan of a range of at most 31 days (400 otherwise) against the enabled rules and answers at once
 * with the job; the same range asked again while its job is unfinished answers that job.
 */
export function startRescanApi(body: RescanRequest): Promise<RescanJob> {
  return http.post('/api/archive/rescans', body, { schema: rescanJobSchema });
}

const rescanJobListSchema: ResponseSchema<RescanJob[]> = {
  parse(data) {
    if (!Array.isArray(data)) throw new Error('expected a list of re-scan jobs');
    return data.map((job) => rescanJobSchema.parse(job));
  },
};

/** The latest re-scan jobs, newest first. */
export function getRecentRescansApi(): Promise<RescanJob[]> {
  return http.get('/api/archive/rescans', { schema: rescanJobListSchema });
}

/** A re-scan job's progress. */
export function getRescanApi(id: string): Promise<RescanJob> {
  return http.get(`/api/archive/rescans/${ID(id)}`, { schema: rescanJobSchema });
}
