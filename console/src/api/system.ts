import { healthSchema, systemStatusSchema, type Health, type SystemStatus } from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

export function getSystemStatusApi(options: ApiCallOptions = {}): Promise<SystemStatus> {
  return http.get('/api/system/status', { schema: systemStatusSchema, ...options });
}

/** A degraded server answers 503 with the same body; that is a result to show, not a failed request. */
export function getHealthApi(options: ApiCallOptions = {}): Promise<Health> {
  return http.get('/healthz', { schema: healthSchema, acceptStatus: [503], ...options });
}
