import {
  handoverCasePageSchema,
  handoverCaseSchema,
  handoverInboxSchema,
  handoverItemPageSchema,
  planPreviewSchema,
  type CaseListQuery,
  type HandoverCase,
  type HandoverInbox,
  type HandoverItem,
  type ItemListQuery,
  type OpenOnJobCase,
  type Page,
  type PlanPreview,
  type PlanRequest,
  type ReplanRequest,
} from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

/** Every filter is optional on the wire: the server applies the contract's defaults. */
export type CaseListParams = Partial<CaseListQuery>;
export type ItemListParams = Partial<ItemListQuery>;

const ID = encodeURIComponent;
const casePath = (caseId: string): string => `/api/reassign/cases/${ID(caseId)}`;

export function getHandoverCaseListApi(
  query: CaseListParams,
  options: ApiCallOptions = {},
): Promise<Page<HandoverCase>> {
  return http.get('/api/reassign/cases', { query: { ...query }, schema: handoverCasePageSchema, ...options });
}

export function getHandoverInboxApi(options: ApiCallOptions = {}): Promise<HandoverInbox> {
  return http.get('/api/reassign/inbox', { schema: handoverInboxSchema, ...options });
}

/** Opens an on-duty case for a member, or answers the member's unfinished one. */
export function openOnJobCaseApi(body: OpenOnJobCase): Promise<HandoverCase> {
  return http.post('/api/reassign/cases', body, { schema: handoverCaseSchema });
}

export function getHandoverCaseApi(caseId: string, options: ApiCallOptions = {}): Promise<HandoverCase> {
  return http.get(casePath(caseId), { schema: handoverCaseSchema, ...options });
}

export function getHandoverItemListApi(
  caseId: string,
  query: ItemListParams,
  options: ApiCallOptions = {},
): Promise<Page<HandoverItem>> {
  return http.get(`${casePath(caseId)}/items`, {
    query: { ...query },
    schema: handoverItemPageSchema,
    ...options,
  });
}

/** What a plan would do, customer by customer; nothing is written. */
export function previewHandoverPlanApi(caseId: string, body: PlanRequest): Promise<PlanPreview> {
  return http.post(`${casePath(caseId)}/preview`, body, { schema: planPreviewSchema });
}

/** Stores the plan row by row; the server's engine then sends it to WeCom. */
export function startHandoverPlanApi(caseId: string, body: PlanRequest): Promise<HandoverCase> {
  return http.post(`${casePath(caseId)}/plan`, body, { schema: handoverCaseSchema });
}

/** Refused, receiver-full, rejected and no-record customers go to another receiver in one action. */
export function replanHandoverApi(caseId: string, body: ReplanRequest): Promise<HandoverCase> {
  return http.post(`${casePath(caseId)}/replan`, body, { schema: handoverCaseSchema });
}

/** Asks WeCom for the transfers' results now instead of at the next scheduled poll. */
export function refreshHandoverCaseApi(caseId: string): Promise<HandoverCase> {
  return http.post(`${casePath(caseId)}/refresh`, undefined, { schema: handoverCaseSchema });
}

/** The report is a spreadsheet the browser downloads itself (with the session cookie). */
export function handoverExportUrl(caseId: string): string {
  return http.url(`${casePath(caseId)}/export`);
}
