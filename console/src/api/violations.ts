import {
  violationPageSchema,
  violationSchema,
  type Page,
  type UpdateViolationRequest,
  type Violation,
  type ViolationQuery,
} from '@keeper/shared';
import { http, type ApiCallOptions, type ResponseSchema } from './request';

export interface ViolationCounts {
  new: number;
}

/** The contract names no schema for this small answer; checked here so a bad body fails like any other. */
const violationCountsSchema: ResponseSchema<ViolationCounts> = {
  parse(data) {
    const count = typeof data === 'object' && data !== null && 'new' in data ? data.new : undefined;
    if (typeof count !== 'number' || !Number.isInteger(count)) throw new Error('new: expected an integer');
    return { new: count };
  },
};

export function getViolationListApi(query: Partial<ViolationQuery>): Promise<Page<Violation>> {
  return http.get('/api/violations', { query: { ...query }, schema: violationPageSchema });
}

export function getViolationCountsApi(options: ApiCallOptions = {}): Promise<ViolationCounts> {
  return http.get('/api/violations/counts', { schema: violationCountsSchema, ...options });
}

export function updateViolationApi(id: string, body: UpdateViolationRequest): Promise<Violation> {
  return http.patch(`/api/violations/${encodeURIComponent(id)}`, body, { schema: violationSchema });
}
