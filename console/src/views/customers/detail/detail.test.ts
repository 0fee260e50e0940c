import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { CustomerDetail, CustomerEvent, Follow, ReachedCampaign, Role } from '@keeper/shared';
import { useRealtimeStore } from '@/stores/realtime.store';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeDetail, tagGroups } from '@/test-utils/fixtures';
import { setI18nLocale } from '@/locales';
import DetailView from './index.vue';
import { tagDiff } from './useCustomerDetail';

function follow(overrides: Partial<Follow> = {}): Follow {
  return {
    userId: 'LiLei',
    memberName: '李雷',
    memberStatus: 'active',
    remark: '王总',
    description: '华东区采购',
    remarkMobiles: ['138****5678'],
    remarkCorpName: null,
    addWay: 1,
    state: 'expo2025',
    addedAt: '2025-03-01T02:00:00.000Z',
    status: 'active',
    endedAt: null,
    tags: [
      { id: 'et1', name: '高意向', groupName: '意向' },
      { id: 'et2', name: '老客户', groupName: '类型' },
    ],
    archiveConsent: 'agree',
    archiveConsentAt: '2025-03-01T03:00:00.000Z',
    ...overrides,
  };
}

let eventId = 0;
function event(
  kind: CustomerEvent['kind'],
  occurredAt: string,
  detail: CustomerEvent['detail'] = null,
): CustomerEvent {
  eventId += 1;
  return {
    id: String(eventId),
    kind,
    userId: 'LiLei',
    memberName: '李雷',
    otherDepartment: false,
    detail,
    occurredAt,
  };
}

const detail: CustomerDetail = makeDetail({
  follows: [
    follow(),
    follow({
      userId: 'HanMeimei',
      memberName: '韩梅梅',
      memberStatus: 'departed',
      addWay: 202,
      state: null,
      status: 'deleted_by_member',
      endedAt: '2025-03-05T04:00:00.000Z',
      tags: [],
      archiveConsent: 'unknown',
      archiveConsentAt: null,
    }),
  ],
  timeline: [
    event('added', '2025-03-01T02:00:00.000Z', { state: 'expo2025', addWay: 1 }),
    event('deleted_by_member', '2025-03-05T04:00:00.000Z'),
    event('edited', '2025-03-03T02:00:00.000Z', {
      remarkBefore: null,
      remarkAfter: '王总',
      tagsBefore: 'et1',
      tagsAfter: 'et1,et2',
    }),
    event('transferred_in', '2025-03-04T02:00:00.000Z', { handoverUserId: 'HanMeimei' }),
  ],
  groups: [{ chatId: 'wrGroup1', name: '华东客户群', joinedAt: '2025-03-02T02:00:00.000Z', leftAt: null }],
});

function serve(answer: CustomerDetail = detail, reached: ReachedCampaign[] = []) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/customers/wmCustomer1') return jsonResponse(200, answer);
    if (url === '/api/broadcasts/reached/wmCustomer1') return jsonResponse(200, reached);
    if (url === '/api/customers/wmCustomer1/tags' && init?.method === 'POST')
      return jsonResponse(200, answer);
    if (url === '/api/tags') return jsonResponse(200, tagGroups);
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderDetail(roles: Role[] = ['manager']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/customers/wmCustomer1');
  const wrapper = mount(DetailView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-test="customer-profile"]').exists()).toBe(true));
  return wrapper;
}

describe('the customer detail page', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('shows the ownership timeline newest first, each kind translated, with its facts', async () => {
    serve();
    const wrapper = await renderDetail();

    const timeline = wrapper.find('[data-test="customer-timeline"]');
    const kinds = timeline
      .findAll('[data-test^="timeline-item-"]')
      .map((item) => item.attributes('data-test')?.replace('timeline-item-', ''));
    expect(kinds).toEqual(['deleted_by_member', 'transferred_in', 'edited', 'added']);

    const text = (kind: string) => timeline.find(`[data-test="timeline-item-${kind}"]`).text();
    expect(text('deleted_by_member')).toContain('员工删除客户');
    expect(timeline.find('[data-test="timeline-item-deleted_by_member"] .event-kind--danger').exists()).toBe(
      true,
    );
    expect(text('added')).toContain('添加客户');
    expect(text('added')).toContain('expo2025');
    expect(text('added')).toContain('扫描二维码');
    // The other member of a transfer is named, not only identified.
    expect(text('transferred_in')).toContain('原跟进人');
    expect(text('transferred_in')).toContain('韩梅梅');
    // An edit shows what changed, tag ids by name.
    expect(timeline.find('[data-test="timeline-change-remark"]').text()).toMatch(/（空）\s*→\s*王总/);
    expect(timeline.find('[data-test="timeline-change-tags"]').text()).toMatch(/高意向\s*→\s*高意向、老客户/);
    expect(wrapper.text()).toContain('2025-03-05 12:00:00');
  });

  it('words the codes the server records in a timeline in Chinese: who, through what, which consent', async () => {
    serve(
      makeDetail({
        ...detail,
        timeline: [
          event('edited', '2025-03-03T02:00:00.000Z', {
            by: 'admin',
            via: 'keeper',
            remarkBefore: null,
            remarkAfter: '王总',
          }),
          event('removed_by_sync', '2025-03-04T02:00:00.000Z', { via: 'sync' }),
          event('archive_consent', '2025-03-05T02:00:00.000Z', { consent: 'default_agree' }),
          event('deleted_by_member', '2025-03-06T02:00:00.000Z', { source: 'DELETE_BY_TRANSFER' }),
          event('transfer_failed', '2025-03-07T02:00:00.000Z', { reason: 'customer_refused' }),
        ],
      }),
    );
    const wrapper = await renderDetail();

    const text = (kind: string) => wrapper.find(`[data-test="timeline-item-${kind}"]`).text();
    expect(text('edited')).toMatch(/操作人\s*admin/);
    expect(text('edited')).toMatch(/途径\s*客守控制台/);
    expect(text('removed_by_sync')).toMatch(/途径\s*定期同步/);
    expect(text('archive_consent')).toMatch(/存档同意\s*默认同意/);
    expect(text('deleted_by_member')).toMatch(/来源\s*在职转接/);
    expect(text('transfer_failed')).toMatch(/原因\s*客户拒绝/);
    const timeline = wrapper.find('[data-test="customer-timeline"]').text();
    expect(timeline).not.toMatch(
      /\b(by|via|keeper|sync|consent|default_agree|DELETE_BY_TRANSFER|customer_refused)\b/,
    );
  });

  it('shows each owner: add way, channel, member deletion in red, archive consent, groups', async () => {
    serve();
    const wrapper = await renderDetail();

    const follows = wrapper.find('[data-test="customer-follows"]').text();
    expect(follows).toContain('扫描二维码');
    expect(follows).toContain('expo2025');
    expect(follows).toContain('管理员/负责人分配');
    expect(follows).toContain('同意存档');
    expect(follows).toContain('已离职');
    const ended = wrapper.find('[data-test="follow-status-HanMeimei"]');
    expect(ended.text()).toContain('员工删除客户');
    expect(ended.text()).toContain('2025-03-05 12:00:00');
    expect(ended.find('.el-tag').classes()).toEqual(
      expect.arrayContaining(['el-tag--danger', 'el-tag--dark']),
    );
    expect(wrapper.find('[data-test="customer-groups"]').text()).toContain('华东客户群');
  });

  it('posts only the tags added and removed when an owner saves the tag editor', async () => {
    const fetchMock = serve();
    const wrapper = await renderDetail();
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) => url === '/api/tags')).toBe(true));
    await flushPromises();

    const select = wrapper
      .findAllComponents({ name: 'ElSelect' })
      .find((component) => component.attributes('data-test') === 'follow-tags-LiLei');
    expect(select).toBeDefined();
    // Was 高意向 + 老客户: drop 老客户, add VIP and 低意向.
    select?.vm.$emit('update:modelValue', ['et1', 'et4', 'et6']);
    await flushPromises();
    await wrapper.find('[data-test="follow-tags-save-LiLei"]').trigger('click');

    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => url === '/api/customers/wmCustomer1/tags')).toBe(true),
    );
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/customers/wmCustomer1/tags') ?? [];
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ userId: 'LiLei', add: ['et4', 'et6'], remove: ['et2'] });
  });

  it('edits neither tags nor remarks without customers.write, and has no editor on ended relations', async () => {
    serve();
    const readOnly = await renderDetail(['auditor']);
    expect(readOnly.find('[data-test="follow-tags-LiLei"]').exists()).toBe(false);
    expect(readOnly.find('[data-test="follow-remark-edit-LiLei"]').exists()).toBe(false);
    readOnly.unmount();

    const writer = await renderDetail(['manager']);
    expect(writer.find('[data-test="follow-tags-LiLei"]').exists()).toBe(true);
    expect(writer.find('[data-test="follow-tags-HanMeimei"]').exists()).toBe(false);
    expect(writer.find('[data-test="follow-remark-edit-LiLei"]').exists()).toBe(true);
  });

  it('shows a relation of another department as 其他部门成员, without its remark and with nothing to edit', async () => {
    serve(
      makeDetail({
        follows: [
          follow(),
          {
            ...follow({
              userId: null,
              memberName: null,
              memberStatus: 'unknown',
              remark: null,
              description: null,
            }),
            remarkMobiles: [],
            state: null,
            tags: [],
          },
        ],
      }),
    );
    const wrapper = await renderDetail();
    const rows = wrapper.findAll('[data-test="customer-follows"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.text()).toContain('其他部门成员');
    expect(rows[1]!.text()).not.toContain('null');
    expect(rows[1]!.find('[data-test^="follow-remark-edit"]').exists()).toBe(false);
    expect(rows[1]!.find('[data-test^="follow-tags"]').exists()).toBe(false);
    expect(rows[0]!.find('[data-test="follow-remark-edit-LiLei"]').exists()).toBe(true);
  });

  it('names the member of a timeline entry from another department as 其他部门成员, in zh-CN and English', async () => {
    const redacted: CustomerEvent = {
      ...event('deleted_by_member', '2025-03-06T02:00:00.000Z'),
      userId: null,
      memberName: null,
      otherDepartment: true,
    };
    // A sync entry has no member at all: it says nothing about who.
    const nobody: CustomerEvent = {
      ...event('removed_by_sync', '2025-03-07T02:00:00.000Z'),
      userId: null,
      memberName: null,
    };
    serve(
      makeDetail({ ...detail, timeline: [event('added', '2025-03-01T02:00:00.000Z'), redacted, nobody] }),
    );
    const wrapper = await renderDetail();

    const item = (kind: string) => wrapper.find(`[data-test="timeline-item-${kind}"]`);
    expect(item('deleted_by_member').text()).toContain('员工：其他部门成员');
    expect(item('deleted_by_member').text()).not.toContain('null');
    expect(item('added').text()).toContain('员工：李雷');
    expect(item('removed_by_sync').text()).not.toContain('员工');

    setI18nLocale('en');
    try {
      await flushPromises();
      expect(item('deleted_by_member').text()).toContain('Member: A member of another department');
    } finally {
      setI18nLocale('zh-CN');
    }
  });

  it('reloads when the server says this customer changed', async () => {
    const fetchMock = serve();
    await renderDetail();
    const loads = () => fetchMock.mock.calls.filter(([url]) => url === '/api/customers/wmCustomer1').length;
    expect(loads()).toBe(1);

    useRealtimeStore().receiveCustomerChanged('wmSomeoneElse');
    useRealtimeStore().receiveCustomerChanged('wmCustomer1');

    await vi.waitFor(() => expect(loads()).toBe(2));
  });
});

describe('the campaigns that reached a customer', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  const reached: ReachedCampaign[] = [
    {
      campaignId: '11',
      name: '三月老客户回访',
      sender: { userId: 'LiLei', name: '李雷' },
      state: 'sent',
      sentAt: '2025-03-02T02:00:00.000Z',
      submittedAt: '2025-03-01T02:00:00.000Z',
    },
    {
      campaignId: '9',
      name: '二月新品',
      sender: { userId: 'LiLei', name: '李雷' },
      state: 'limit_reached',
      sentAt: null,
      submittedAt: '2025-02-01T02:00:00.000Z',
    },
  ];

  it('lists each campaign with what became of it, in words and China time, linked for a marketer', async () => {
    serve(detail, reached);
    const wrapper = await renderDetail(['marketer']);

    await vi.waitFor(() => expect(wrapper.find('[data-test="reached-11"]').exists()).toBe(true));
    const section = wrapper.find('[data-test="customer-campaigns"]');
    expect(section.text()).toContain('群发记录');
    expect(section.text()).toContain('由 李雷 发送');
    expect(section.text()).toContain('已发送');
    expect(section.text()).toContain('已收到其他群发');
    expect(section.text()).toContain('2025-03-02 10:00');
    expect(section.text()).toContain('2025-02-01 10:00');
    expect(wrapper.find('[data-test="reached-11"] a').attributes('href')).toBe('/marketing/campaigns/11');
  });

  it('names the campaigns without a link for those who cannot open campaigns', async () => {
    serve(detail, reached);
    const wrapper = await renderDetail(['staff']);

    await vi.waitFor(() => expect(wrapper.find('[data-test="reached-11"]').exists()).toBe(true));
    expect(wrapper.find('[data-test="reached-11"]').text()).toContain('三月老客户回访');
    expect(wrapper.find('[data-test="reached-11"] a').exists()).toBe(false);
  });
});

describe('tagDiff', () => {
  it('lists what to add and what to remove, and nothing that stays', () => {
    expect(tagDiff(['a', 'b'], ['b', 'c'])).toEqual({ add: ['c'], remove: ['a'] });
    expect(tagDiff(['a'], ['a'])).toEqual({ add: [], remove: [] });
  });
});
