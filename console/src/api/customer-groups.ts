import {
  customerGroupDetailSchema,
  customerGroupPageSchema,
  type CustomerGroup,
  type CustomerGroupDetail,
  type CustomerGroupQuery,
  type Page,
} from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

export function getCustomerGroupListApi(
  query: Partial<CustomerGroupQuery>,
  options: ApiCallOptions = {},
): Promise<Page<CustomerGroup>> {
  return http.get('/api/customer-groups', {
    query: { ...query },
    schema: customerGroupPageSchema,
    ...options,
  });
}

export function getCustomerGroupDetailApi(chatId: string): Promise<CustomerGroupDetail> {
  return http.get(`/api/customer-groups/${encodeURIComponent(chatId)}`, {
    schema: customerGroupDetailSchema,
  });
}
