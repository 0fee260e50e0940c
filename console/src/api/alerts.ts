import {
  alertCountsSchema,
  alertPageSchema,
  alertSchema,
  type Alert,
  type AlertCounts,
  type AlertQuery,
  type Page,
  type UpdateAlertRequest,
} from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

export function getAlertListApi(query: Partial<AlertQuery>): Promise<Page<Alert>> {
  return http.get('/api/alerts', { query: { ...query }, schema: alertPageSchema });
}

export function getAlertCountsApi(options: ApiCallOptions = {}): Promise<AlertCounts> {
  return http.get('/api/alerts/counts', { schema: alertCountsSchema, ...options });
}

export function updateAlertApi(id: string, body: UpdateAlertRequest): Promise<Alert> {
  return http.patch(`/api/alerts/${encodeURIComponent(id)}`, body, { schema: alertSchema });
}
