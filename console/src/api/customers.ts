import {
  customerDetailSchema,
  customerPageSchema,
  syncRunSchema,
  type CustomerDetail,
  type CustomerListQuery,
  type CustomerSummary,
  type MarkTagsRequest,
  type Page,
  type RemarkRequest,
  type SyncRun,
} from '@keeper/shared';
import { http, type ApiCallOptions, type ResponseSchema } from './request';

/** Every filter is optional on the wire: the server applies the contract's defaults (sort `-firstAddedAt`). */
export type CustomerListParams = Partial<CustomerListQuery>;
export type CustomerFilterParams = Omit<CustomerListParams, 'page' | 'pageSize'>;

export interface CustomerSyncStarted {
  runId: number;
}

const customerSyncStartedSchema: ResponseSchema<CustomerSyncStarted> = {
  parse(data) {
    const runId = typeof data === 'object' && data !== null && 'runId' in data ? data.runId : undefined;
    if (typeof runId !== 'number' || !Number.isInteger(runId)) throw new Error('runId: expected an integer');
    return { runId };
  },
};

const latestSyncSchema: ResponseSchema<SyncRun | null> = {
  parse: (data) => (data === null || data === undefined ? null : syncRunSchema.parse(data)),
};

const ID = encodeURIComponent;

export function getCustomerListApi(
  query: CustomerListParams,
  options: ApiCallOptions = {},
): Promise<Page<CustomerSummary>> {
  return http.get('/api/customers', { query: { ...query }, schema: customerPageSchema, ...options });
}

/** The export is a file the browser downloads itself (with the session cookie), not a JSON answer. */
export function customerExportUrl(filters: CustomerFilterParams): string {
  return http.url('/api/customers/export', { ...filters });
}

export function getCustomerDetailApi(
  externalUserId: string,
  options: ApiCallOptions = {},
): Promise<CustomerDetail> {
  return http.get(`/api/customers/${ID(externalUserId)}`, { schema: customerDetailSchema, ...options });
}

export function markCustomerTagsApi(externalUserId: string, body: MarkTagsRequest): Promise<CustomerDetail> {
  return http.post(`/api/customers/${ID(externalUserId)}/tags`, body, { schema: customerDetailSchema });
}

export function updateCustomerRemarkApi(
  externalUserId: string,
  body: RemarkRequest,
): Promise<CustomerDetail> {
  return http.post(`/api/customers/${ID(externalUserId)}/remark`, body, { schema: customerDetailSchema });
}

/** Answers 409 `conflict` while a sync is running and 503 `not_configured` without WeCom credentials. */
export function startCustomerSyncApi(options: ApiCallOptions = {}): Promise<CustomerSyncStarted> {
  return http.post('/api/customers/sync', undefined, { schema: customerSyncStartedSchema, ...options });
}

export function getLatestCustomerSyncApi(options: ApiCallOptions = {}): Promise<SyncRun | null> {
  return http.get('/api/customers/sync/latest', { schema: latestSyncSchema, ...options });
}
