import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { Role, SyncRun } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeCustomer, pageOf, tagGroups } from '@/test-utils/fixtures';
import CustomersView from './index.vue';
import { SEARCH_DEBOUNCE_MS } from '@/utils/typed-search';

function serve(latestSync: SyncRun | null = null) {
  const fetchMock = vi.fn(async (url: string) => {
    const path = url.split('?')[0];
    if (path === '/api/customers') {
      return jsonResponse(
        200,
        pageOf(
          [
            makeCustomer(),
            makeCustomer({
              externalUserId: 'wmLost',
              name: '赵六',
              type: 1,
              status: 'lost',
              lostAt: '2025-03-02T02:00:00.000Z',
              owners: [],
              tags: [],
            }),
            makeCustomer({
              externalUserId: 'wmShared',
              owners: [
                { userId: 'LiLei', name: '李雷', remark: '王总' },
                { userId: null, name: null, remark: null },
              ],
            }),
          ],
          { total: 120_000 },
        ),
      );
    }
    if (path === '/api/tags') return jsonResponse(200, tagGroups);
    if (path === '/api/org/members') return jsonResponse(200, pageOf([]));
    if (path === '/api/org/overview')
      return jsonResponse(200, {
        departments: [],
        counts: { active: 0, disabled: 0, inactive: 0, departed: 0 },
        lastSync: null,
      });
    if (path === '/api/customers/sync/latest') return jsonResponse(200, latestSync);
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  /** The query of every customer-list request, in order. */
  const listQueries = () =>
    fetchMock.mock.calls
      .map(([url]) => new URL(url, 'http://console.test'))
      .filter((url) => url.pathname === '/api/customers')
      .map((url) => Object.fromEntries(url.searchParams));
  return { fetchMock, listQueries };
}

async function renderCustomers(roles: Role[] = ['admin']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/customers');
  const wrapper = mount(CustomersView, { global: { plugins: app.plugins }, attachTo: document.body });
  return { wrapper, router: app.router };
}

function selectByTest(wrapper: VueWrapper, test: string) {
  const select = wrapper
    .findAllComponents({ name: 'ElSelect' })
    .find((component) => component.attributes('data-test') === test);
  if (!select) throw new Error(`no select ${test}`);
  return select;
}

describe('the customer list', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows each customer with owners, the first tags and "+n", masked phones and China time', async () => {
    serve();
    const { wrapper } = await renderCustomers();

    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="customer-row-wmCustomer1"]').exists()).toBe(true),
    );
    const row = wrapper.find('[data-test="customer-row-wmCustomer1"]').text();
    expect(row).toContain('王五');
    expect(row).toContain('@星河贸易');
    expect(row).toContain('李雷');
    expect(row).toContain('王总');
    expect(row).toContain('高意向');
    expect(row).toContain('华东');
    expect(row).not.toContain('VIP');
    expect(row).toContain('+2');
    expect(row).toContain('138****5678');
    expect(row).toContain('2025-03-01 10:00:00');
    expect(row).toContain('正常');
    const lost = wrapper.find('[data-test="customer-row-wmLost"]').text();
    expect(lost).toContain('已流失');
    expect(lost).toContain('无人跟进');
    expect(lost).not.toContain('@');
    // A co-owner outside the viewer's scope comes without a name.
    const shared = wrapper.find('[data-test="customer-row-wmShared"]').text();
    expect(shared).toContain('李雷');
    expect(shared).toContain('其他部门成员');
  });

  it('asks the server for one page with the default sort, and opens a customer on click', async () => {
    const { listQueries } = serve();
    const { wrapper, router } = await renderCustomers();
    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="customer-row-wmCustomer1"]').exists()).toBe(true),
    );

    expect(listQueries()).toEqual([{ page: '1', pageSize: '20', sort: '-firstAddedAt' }]);

    await wrapper.find('[data-test="customer-row-wmCustomer1"]').trigger('click');
    // The detail page is a lazy chunk: the first navigation waits for it to load.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/customers/wmCustomer1'), {
      timeout: 10_000,
    });
  });

  it('waits until typing pauses for 300 ms before searching, then sends one request', async () => {
    const { listQueries } = serve();
    const { wrapper } = await renderCustomers();
    await vi.waitFor(() => expect(listQueries()).toHaveLength(1));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    // Element Plus puts the attribute on the <input> itself.
    const input = wrapper.find('input[data-test="customers-search"]');
    await input.setValue('王');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 100);
    await input.setValue('王五');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1);
    expect(listQueries()).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1);
    await flushPromises();
    expect(listQueries()).toHaveLength(2);
    expect(listQueries()[1]).toMatchObject({ q: '王五', page: '1' });
  });

  it('sends every picked filter as a query parameter, the days as China day boundaries', async () => {
    const { listQueries } = serve();
    const { wrapper } = await renderCustomers();
    await vi.waitFor(() => expect(listQueries()).toHaveLength(1));

    selectByTest(wrapper, 'customers-filter-status').vm.$emit('update:modelValue', 'lost');
    await flushPromises();
    selectByTest(wrapper, 'customers-filter-tag').vm.$emit('update:modelValue', 'et2');
    await flushPromises();
    selectByTest(wrapper, 'customers-sort').vm.$emit('update:modelValue', 'name');
    await flushPromises();
    const [picker] = wrapper.findAllComponents({ name: 'ElDatePicker' });
    picker?.vm.$emit('update:modelValue', ['2025-03-01', '2025-03-31']);
    await flushPromises();

    await vi.waitFor(() => expect(listQueries()).toHaveLength(5));
    expect(listQueries()[4]).toEqual({
      page: '1',
      pageSize: '20',
      status: 'lost',
      tagId: 'et2',
      sort: 'name',
      addedFrom: '2025-03-01T00:00:00.000+08:00',
      addedTo: '2025-03-31T23:59:59.999+08:00',
    });

    // The export link carries the same filters.
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await wrapper.find('[data-test="customers-export"]').trigger('click');
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    const exported = new URL(link.href, 'http://console.test');
    expect(exported.pathname).toBe('/api/customers/export');
    expect(Object.fromEntries(exported.searchParams)).toEqual({
      status: 'lost',
      tagId: 'et2',
      sort: 'name',
      addedFrom: '2025-03-01T00:00:00.000+08:00',
      addedTo: '2025-03-31T23:59:59.999+08:00',
    });
  });

  it('offers export and sync only with their permissions', async () => {
    serve();
    const { wrapper } = await renderCustomers(['staff']);
    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="customer-row-wmCustomer1"]').exists()).toBe(true),
    );

    expect(wrapper.find('[data-test="customers-export"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="customers-sync"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="customers-filter-owner"]').exists()).toBe(false);
  });

  it('says in Chinese why the last sync failed, with the server’s text apart as the detail', async () => {
    serve({
      id: 4,
      kind: 'customers',
      trigger: 'schedule',
      status: 'failed',
      startedAt: '2025-03-01T02:00:00.000Z',
      finishedAt: '2025-03-01T02:00:31.000Z',
      summary: null,
      failure: {
        code: 'wecom_unreachable',
        params: { reason: 'timeout' },
        detail: 'WeCom /cgi-bin/externalcontact/get_follow_user_list: no answer within 30000 ms',
      },
    });
    const { wrapper } = await renderCustomers(['admin']);

    await vi.waitFor(() => expect(wrapper.find('[data-test="customers-sync-failure"]').exists()).toBe(true));
    const failure = wrapper.find('[data-test="customers-sync-failure"]');
    expect(failure.find('[data-test="failure-wording"]').text()).toBe(
      '无法连接企业微信：请求超时，企业微信没有及时应答。',
    );
    expect(failure.find('[data-test="failure-detail"] [translate="no"]').text()).toBe(
      'WeCom /cgi-bin/externalcontact/get_follow_user_list: no answer within 30000 ms',
    );
  });

  it("words the last sync's counts in Chinese, in the contract's order", async () => {
    serve({
      id: 3,
      kind: 'customers',
      trigger: 'startup',
      status: 'succeeded',
      startedAt: '2025-03-01T02:00:00.000Z',
      finishedAt: '2025-03-01T02:01:00.000Z',
      summary: {
        tags: 4,
        followUsers: 20,
        relations: 2400,
        added: 2400,
        edited: 0,
        removed: 0,
        groups: 30,
        consentChanges: 12,
      },
      failure: null,
    });
    const { wrapper } = await renderCustomers(['admin']);

    await vi.waitFor(() => expect(wrapper.find('[data-test="customers-sync-summary"]').exists()).toBe(true));
    expect(wrapper.find('[data-test="customers-sync-summary"]').text()).toBe(
      '跟进成员 20 · 跟进关系 2400 · 新增 2400 · 修改 0 · 移除 0 · 标签组 4 · 客户群 30 · 存档同意变更 12',
    );
  });
});
