import type {
  Alert,
  ArchivedMessage,
  ArchiveStatus,
  AuditRule,
  Conversation,
  CustomerDetail,
  CustomerSummary,
  HandoverCase,
  HandoverItem,
  HandoverTotals,
  Page,
  TagGroup,
  Violation,
} from '@keeper/shared';

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

export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: '7',
    kind: 'single',
    member: { id: 'LiLei', name: '李雷', kind: 'member' },
    customer: { id: 'wmCustomer1', name: '王五', kind: 'customer' },
    roomId: null,
    roomName: null,
    lastMessageAt: '2025-03-01T02:00:00.000Z',
    lastMessagePreview: '您好，报价单已发送',
    lastMessageType: 'text',
    messageCount: 12,
    violationCount: 1,
    consent: 'agree',
    ...overrides,
  };
}

/** A text message from the customer of `makeConversation`; `id` doubles as msgid and seq. */
export function makeMessage(overrides: Partial<ArchivedMessage> = {}): ArchivedMessage {
  const id = overrides.id ?? '100';
  return {
    id,
    msgid: `msg-${id}`,
    seq: id,
    conversationId: '7',
    action: 'send',
    msgtype: 'text',
    from: { id: 'wmCustomer1', name: '王五', kind: 'customer' },
    msgtime: '2025-03-01T02:00:00.000Z',
    text: '你好',
    content: { content: '你好' },
    recalledAt: null,
    recallOf: null,
    media: null,
    violations: [],
    ...overrides,
  };
}

export function makeViolation(overrides: Partial<Violation> = {}): Violation {
  return {
    id: 'v1',
    ruleId: '1',
    ruleName: '私下收款',
    severity: 'high',
    status: 'new',
    messageId: '100',
    conversationId: '7',
    member: { id: 'LiLei', name: '李雷', kind: 'member' },
    customer: { id: 'wmCustomer1', name: '王五', kind: 'customer' },
    matched: ['转账'],
    excerpt: '直接转账给我就行',
    occurredAt: '2025-03-01T02:00:00.000Z',
    note: null,
    handledBy: null,
    handledAt: null,
    ...overrides,
  };
}

export function makeAuditRule(overrides: Partial<AuditRule> = {}): AuditRule {
  return {
    id: '1',
    name: '私下收款',
    kind: 'keywords',
    patterns: ['转账', '微信支付', '私下'],
    severity: 'high',
    departmentIds: [],
    enabled: true,
    builtIn: false,
    updatedAt: '2025-03-01T02:00:00.000Z',
    problem: null,
    ...overrides,
  };
}

export function makeArchiveStatus(overrides: Partial<ArchiveStatus> = {}): ArchiveStatus {
  return {
    configured: true,
    checkpointSeq: '10240',
    messages: 98_765,
    lastPullAt: '2025-03-01T02:00:00.000Z',
    lastPulled: 37,
    parked: null,
    lastFailure: null,
    stalled: null,
    retentionDays: null,
    ...overrides,
  };
}

export function makeTotals(overrides: Partial<HandoverTotals> = {}): HandoverTotals {
  const totals = {
    unplanned: 0,
    skipped: 0,
    planned: 0,
    sending: 0,
    waiting: 0,
    done: 0,
    refused: 0,
    receiverFull: 0,
    noRecord: 0,
    rejected: 0,
    ...overrides,
  };
  // `selected` is everything but unplanned, unless a test says otherwise (`overrides.selected`).
  const selected =
    totals.skipped +
    totals.planned +
    totals.sending +
    totals.waiting +
    totals.done +
    totals.refused +
    totals.receiverFull +
    totals.noRecord +
    totals.rejected;
  return { selected, ...totals };
}

/** A departed member's case, 3 customers and 1 group not yet planned, 20 days before WeCom's deadline. */
export function makeHandoverCase(overrides: Partial<HandoverCase> = {}): HandoverCase {
  return {
    id: 'c1',
    kind: 'resigned',
    status: 'pending',
    handover: { userId: 'HanMeimei', name: '韩梅梅', departmentNames: ['销售部'] },
    departedAt: '2025-03-01T02:00:00.000Z',
    deadline: '2026-03-01T02:00:00.000Z',
    deadlineWarning: 'month',
    customers: makeTotals({ unplanned: 3 }),
    groups: makeTotals({ unplanned: 1 }),
    openedBy: null,
    createdAt: '2025-03-01T02:00:05.000Z',
    completedAt: null,
    ...overrides,
  };
}

export function makeHandoverItem(overrides: Partial<HandoverItem> = {}): HandoverItem {
  return {
    id: 'i1',
    kind: 'customer',
    targetId: 'wmCustomer1',
    name: '王五',
    avatar: null,
    state: 'unplanned',
    reason: null,
    errcode: null,
    receiver: null,
    addedAt: '2024-05-01T02:00:00.000Z',
    channel: null,
    sentAt: null,
    takeoverAt: null,
    attempts: 0,
    ...overrides,
  };
}
