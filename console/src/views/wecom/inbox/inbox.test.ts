import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { InboxEvent, Page } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import InboxView from './index.vue';

function parked(id: string, overrides: Partial<InboxEvent> = {}): InboxEvent {
  return {
    id,
    eventType: 'change_external_contact',
    status: 'parked',
    attempts: 5,
    lastFailure: {
      code: 'wecom_error',
      params: { errcode: 60111 },
      detail: 'WeCom user/get failed with errcode 60111: userid not found',
    },
    receivedAt: '2025-03-01T02:00:00.000Z',
    nextAttemptAt: null,
    processedAt: null,
    summary: { changeType: 'add_external_contact', userId: 'ZhangSan', externalUserId: 'wmABC' },
    ...overrides,
  };
}

function serve() {
  let items = [parked('11'), parked('12'), parked('13', { eventType: 'change_contact' })];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/wecom/inbox/counts') {
      return jsonResponse(200, { pending: 1, done: 40, parked: items.length });
    }
    if (url === '/api/wecom/inbox/retry') {
      const { ids } = JSON.parse(String(init?.body)) as { ids: string[] };
      items = items.filter((item) => !ids.includes(item.id));
      return jsonResponse(200, { requeued: ids.length });
    }
    if (url.startsWith('/api/wecom/inbox?')) {
      const page: Page<InboxEvent> = { items, total: items.length, page: 1, pageSize: 20 };
      return jsonResponse(200, page);
    }
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  const retryBodies = () =>
    fetchMock.mock.calls
      .filter(([url]) => url === '/api/wecom/inbox/retry')
      .map(([, init]) => JSON.parse(String(init?.body)) as unknown);
  return { fetchMock, retryBodies };
}

async function renderInbox() {
  const app = createTestApp(makeMe(['admin']));
  await app.router.push('/wecom/inbox');
  return mount(InboxView, { global: { plugins: app.plugins }, attachTo: document.body });
}

/** The checkbox of a body row, found by the row's retry button. */
function rowCheckbox(wrapper: Awaited<ReturnType<typeof renderInbox>>, id: string) {
  const row = wrapper
    .findAll('[data-test="inbox-table"] .el-table__body tr')
    .find((tr) => tr.find(`[data-test="inbox-retry-${id}"]`).exists());
  if (!row) throw new Error(`no row for ${id}`);
  return row.find('.el-checkbox input');
}

describe('the callback inbox', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('opens on parked events with the counts and the summary as key=value tags', async () => {
    const { fetchMock } = serve();
    const wrapper = await renderInbox();

    await vi.waitFor(() => expect(wrapper.find('[data-test="inbox-retry-11"]').exists()).toBe(true));
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain(
      '/api/wecom/inbox?status=parked&page=1&pageSize=20',
    );
    expect(wrapper.find('[data-test="inbox-count-parked"]').text()).toBe('3');
    expect(wrapper.find('[data-test="inbox-count-done"]').text()).toBe('40');
    const table = wrapper.find('[data-test="inbox-table"]').text();
    expect(table).toContain('userId=ZhangSan');
    expect(table).toContain('changeType=add_external_contact');
    // Why it failed, in Chinese with WeCom's code and hint; WeCom's own words only as the detail.
    expect(wrapper.find('[data-test="inbox-last-failure"] [data-test="failure-wording"]').text()).toBe(
      '企业微信返回了错误（企业微信错误码 60111）：成员的 UserID 在通讯录中不存在，可能已被删除。',
    );
    expect(table).toContain('详情：WeCom user/get failed with errcode 60111: userid not found');
    expect(table).toContain('2025-03-01 10:00:00');
  });

  it('retries the selected events in one request, then refreshes and says how many were queued', async () => {
    const { fetchMock, retryBodies } = serve();
    const wrapper = await renderInbox();
    await vi.waitFor(() => expect(wrapper.find('[data-test="inbox-retry-13"]').exists()).toBe(true));
    const retrySelected = wrapper.find('[data-test="inbox-retry-selected"]');
    expect(retrySelected.attributes('disabled')).toBeDefined();

    await rowCheckbox(wrapper, '11').setValue(true);
    await rowCheckbox(wrapper, '13').setValue(true);
    await vi.waitFor(() => expect(retrySelected.attributes('disabled')).toBeUndefined());
    await retrySelected.trigger('click');

    await vi.waitFor(() => expect(retryBodies()).toEqual([{ ids: ['11', '13'] }]));
    await vi.waitFor(() => expect(wrapper.find('[data-test="inbox-retry-11"]').exists()).toBe(false));
    expect(wrapper.find('[data-test="inbox-retry-12"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="inbox-count-parked"]').text()).toBe('1');
    expect(document.body.textContent).toContain('已重新排队 2 个事件');
    const init = fetchMock.mock.calls.find(([url]) => url === '/api/wecom/inbox/retry')?.[1];
    expect(init?.method).toBe('POST');
  });

  it('retries a single parked event from its row', async () => {
    const { retryBodies } = serve();
    const wrapper = await renderInbox();
    await vi.waitFor(() => expect(wrapper.find('[data-test="inbox-retry-12"]').exists()).toBe(true));

    await wrapper.find('[data-test="inbox-retry-12"]').trigger('click');

    await vi.waitFor(() => expect(retryBodies()).toEqual([{ ids: ['12'] }]));
  });
});
