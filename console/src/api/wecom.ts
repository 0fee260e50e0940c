import {
  connectionReportSchema,
  inboxCountsSchema,
  inboxPageSchema,
  type ConnectionReport,
  type InboxEvent,
  type InboxQuery,
  type InboxRetryRequest,
  type InboxStatus,
  type Page,
} from '@keeper/shared';
import { http, type ResponseSchema } from './request';

export type InboxCounts = Record<InboxStatus, number>;

export interface InboxRetryResult {
  requeued: number;
}

/** The contract names no schema for this small answer; checked here so a bad body fails like any other. */
const inboxRetryResultSchema: ResponseSchema<InboxRetryResult> = {
  parse(data) {
    const requeued =
      typeof data === 'object' && data !== null && 'requeued' in data ? data.requeued : undefined;
    if (typeof requeued !== 'number' || !Number.isInteger(requeued)) {
      throw new Error('requeued: expected an integer');
    }
    return { requeued };
  },
};

export function getInboxListApi(query: InboxQuery): Promise<Page<InboxEvent>> {
  return http.get('/api/wecom/inbox', { query: { ...query }, schema: inboxPageSchema });
}

export function getInboxCountsApi(): Promise<InboxCounts> {
  return http.get('/api/wecom/inbox/counts', { schema: inboxCountsSchema });
}

export function retryInboxApi(body: InboxRetryRequest): Promise<InboxRetryResult> {
  return http.post('/api/wecom/inbox/retry', body, { schema: inboxRetryResultSchema });
}

/** Calls WeCom once per check, so it can take a few seconds. */
export function runConnectionChecksApi(): Promise<ConnectionReport> {
  return http.post('/api/wecom/checks', undefined, { schema: connectionReportSchema });
}
