import {
  memberPageSchema,
  orgOverviewSchema,
  type Member,
  type MemberListQuery,
  type OrgOverview,
  type Page,
} from '@keeper/shared';
import { http, type ApiCallOptions, type ResponseSchema } from './request';

export interface OrgSyncStarted {
  runId: number;
}

/** The contract names no schema for this small answer; checked here so a bad body fails like any other. */
const orgSyncStartedSchema: ResponseSchema<OrgSyncStarted> = {
  parse(data) {
    const runId = typeof data === 'object' && data !== null && 'runId' in data ? data.runId : undefined;
    if (typeof runId !== 'number' || !Number.isInteger(runId)) throw new Error('runId: expected an integer');
    return { runId };
  },
};

export function getOrgOverviewApi(options: ApiCallOptions = {}): Promise<OrgOverview> {
  return http.get('/api/org/overview', { schema: orgOverviewSchema, ...options });
}

export function getMemberListApi(
  query: MemberListQuery,
  options: ApiCallOptions = {},
): Promise<Page<Member>> {
  return http.get('/api/org/members', { query: { ...query }, schema: memberPageSchema, ...options });
}

/** Answers 409 `conflict` while a sync is running and 503 `not_configured` without WeCom credentials. */
export function startOrgSyncApi(options: ApiCallOptions = {}): Promise<OrgSyncStarted> {
  return http.post('/api/org/sync', undefined, { schema: orgSyncStartedSchema, ...options });
}
