import type { Alert, CustomerDetail, CustomerSummary, Page, TagGroup } from '@keeper/shared';

export function pageOf<T>(items: T[], overrides: Partial<Page<T>> = {}): Page<T> {
  return { items, total: items.length, page: 1, pageSize: 20, ...overrides };
}

export function makeCustomer(overrides: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    externalUserId: 'wmCustomer1',
    name: '王五',
    avatar: null,
    type: 2,
    corpName: '星河贸易',
    status: 'active',
    owners: [{ userId: 'LiLei', name: '李雷', remark: '王总' }],
    tags: [
      { id: 'et1', name: '高意向', groupName: '意向' },
      { id: 'et2', name: '老客户', groupName: '类型' },
      { id: 'et3', name: '华东', groupName: '区域' },
      { id: 'et4', name: 'VIP', groupName: '类型' },
      { id: 'et5', name: '月结', groupName: '付款' },
    ],
    phones: ['138****5678'],
    firstAddedAt: '2025-03-01T02:00:00.000Z',
    lostAt: null,
    ...overrides,
  };
}

export const tagGroups: TagGroup[] = [
  {
    groupId: 'g1',
    name: '意向',
    order: 2,
    tags: [
      { id: 'et1', name: '高意向', order: 2, customerCount: 12 },
      { id: 'et6', name: '低意向', order: 1, customerCount: 3 },
    ],
  },
  {
    groupId: 'g2',
    name: '类型',
    order: 1,
    tags: [
      { id: 'et2', name: '老客户', order: 1, customerCount: 40 },
      { id: 'et4', name: 'VIP', order: 0, customerCount: 5 },
    ],
  },
];

export function makeDetail(overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  return {
    ...makeCustomer({ tags: [{ id: 'et1', name: '高意向', groupName: '意向' }] }),
    gender: 1,
    position: '采购经理',
    corpFullName: '星河贸易有限公司',
    unionId: null,
    follows: [],
    timeline: [],
    groups: [],
    ...overrides,
  };
}

export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    kind: 'member_deleted_customer',
    severity: 'high',
    status: 'open',
    userId: 'LiLei',
    memberName: '李雷',
    externalUserId: 'wmCustomer1',
    customerName: '王五',
    occurredAt: '2025-03-01T02:00:00.000Z',
    note: null,
    handledBy: null,
    handledAt: null,
    ...overrides,
  };
}
