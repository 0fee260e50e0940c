import { dashboardSchema, type Dashboard, type DashboardQuery } from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

export function getDashboardApi(query: DashboardQuery, options: ApiCallOptions = {}): Promise<Dashboard> {
  return http.get('/api/dashboard', { query: { ...query }, schema: dashboardSchema, ...options });
}
