import type {
  Alert,
  Campaign,
  CampaignFunnel,
  Funnel,
  Material,
  Segment,
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

/** A funnel of zeros, with the figures a test names. */
export function makeFunnel(overrides: Partial<Funnel> = {}): Funnel {
  return {
    audience: 0,
    excluded: 0,
    // The contract's record has every reason (zod 4 records over an enum are exhaustive).
    excludedByReason: { receive_rule: 0, recently_reached: 0, sender_inactive: 0, lost: 0 },
    queued: 0,
    submitted: 0,
    unsendable: 0,
    pending: 0,
    sent: 0,
    notFriend: 0,
    limitReached: 0,
    failed: 0,
    ...overrides,
  };
}

/** A customer campaign still a draft: everyone in scope, a line of text, nothing submitted. */
export function makeCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: '11',
    name: '三月老客户回访',
    kind: 'customers',
    status: 'draft',
    audience: {
      ownerIds: [],
      ownerDepartmentIds: [],
      tagConditions: [],
      excludeTagIds: [],
      groupChatIds: [],
      channels: [],
      genders: [],
      includeIds: [],
      excludeIds: [],
    },
    ownerPolicy: { policy: 'last_chat' },
    groupAudience: null,
    staffAudience: null,
    content: { text: '您好，三月会员日全场八折', materialIds: [] },
    staffMessage: null,
    recentDays: null,
    allowSelect: false,
    scheduledAt: null,
    deadlineDays: 7,
    deadlineAt: null,
    createdBy: '韩梅梅',
    approvedBy: null,
    approvedAt: null,
    rejectedReason: null,
    submittedAt: null,
    finishedAt: null,
    tasks: 0,
    funnel: makeFunnel(),
    remindersLeft: 3,
    createdAt: '2025-03-01T02:00:00.000Z',
    updatedAt: '2025-03-01T02:00:00.000Z',
    ...overrides,
  };
}

/**
 * The example once results are in: 12,500 matched, 300 shared customers merged away (12,200), 200 left
 * out by the receive rule; of the 12,000 submitted, 8,000 sent, 1 not a friend, 1 limit reached, 3,990 not sent,
 * 8 unsendable.
 */
export function makeRunningFunnel(): Funnel {
  return makeFunnel({
    audience: 12_200,
    excluded: 200,
    excludedByReason: { receive_rule: 150, recently_reached: 50, sender_inactive: 0, lost: 0 },
    submitted: 12_000,
    unsendable: 8,
    pending: 3_990,
    sent: 8_000,
    notFriend: 1,
    limitReached: 1,
  });
}

export function makeCampaignFunnel(overrides: Partial<CampaignFunnel> = {}): CampaignFunnel {
  const total = makeRunningFunnel();
  return {
    total,
    senders: [
      {
        ...makeFunnel({
          audience: 10_500,
          submitted: 10_400,
          sent: 8_000,
          pending: 2_398,
          notFriend: 1,
          limitReached: 1,
        }),
        excluded: 100,
        userId: 'LiLei',
        name: '李雷',
        departmentNames: ['销售一部'],
        confirmed: true,
        confirmedAt: '2025-03-02T02:00:00.000Z',
      },
      {
        ...makeFunnel({ audience: 1_700, submitted: 1_600, pending: 1_592, unsendable: 8 }),
        excluded: 100,
        userId: 'HanMeimei',
        name: '韩梅梅',
        departmentNames: ['销售二部'],
        confirmed: false,
        confirmedAt: null,
      },
    ],
    departments: [{ ...total, departmentId: 'd1', name: '销售部' }],
    syncedAt: '2025-03-02T03:00:00.000Z',
    ...overrides,
  };
}

export function makeMaterial(overrides: Partial<Material> = {}): Material {
  return {
    id: 'm1',
    kind: 'image',
    title: '会员日海报',
    description: null,
    url: null,
    appId: null,
    page: null,
    fileName: 'poster.png',
    fileSize: 204_800,
    mimeType: 'image/png',
    previewUrl: '/api/materials/m1/file',
    mediaExpiresAt: null,
    createdBy: '韩梅梅',
    createdAt: '2025-03-01T02:00:00.000Z',
    updatedAt: '2025-03-01T02:00:00.000Z',
    ...overrides,
  };
}

export function makeSegment(overrides: Partial<Segment> = {}): Segment {
  return {
    id: 's1',
    name: '沉默 30 天的高意向客户',
    description: '用于召回',
    filter: {
      ownerIds: [],
      ownerDepartmentIds: [],
      tagConditions: [{ mode: 'any', tagIds: ['et1'] }],
      excludeTagIds: [],
      groupChatIds: [],
      channels: [],
      silentDays: 30,
      genders: [],
      includeIds: [],
      excludeIds: [],
    },
    lastCount: 320,
    createdBy: '韩梅梅',
    updatedAt: '2025-03-01T02:00:00.000Z',
    ...overrides,
  };
}
