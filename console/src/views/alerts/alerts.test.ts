import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Alert, Role } from '@keeper/shared';
import AppHeader from '@/layout/components/AppHeader.vue';
import { useRealtimeStore } from '@/stores/realtime.store';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeAlert, pageOf } from '@/test-utils/fixtures';
import AlertsView from './index.vue';

function serve(items: Alert[] = [makeAlert()], patched?: Alert) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    if (path === '/api/alerts') return jsonResponse(200, pageOf(items));
    if (path === '/api/alerts/counts') return jsonResponse(200, { open: items.length });
    if (path === '/api/alerts/a1' && init?.method === 'PATCH') return jsonResponse(200, patched);
    if (path === '/api/org/members') return jsonResponse(200, pageOf([]));
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderAlerts(roles: Role[] = ['auditor']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/alerts');
  const page = mount(AlertsView, { global: { plugins: app.plugins }, attachTo: document.body });
  const header = mount(AppHeader, { global: { plugins: app.plugins } });
  await vi.waitFor(() => expect(page.find('[data-test="alert-row-a1"]').exists()).toBe(true));
  return { page, header };
}

describe('the alerts page', () => {
  afterEach(() => {
    vi.useRealTimers();
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists open alerts with the kind, severity, member and a link to the customer', async () => {
    const fetchMock = serve();
    const { page } = await renderAlerts();

    const row = page.find('[data-test="alert-row-a1"]');
    expect(row.text()).toContain('员工删除客户');
    expect(row.text()).toContain('高');
    expect(row.text()).toContain('李雷');
    expect(row.text()).toContain('2025-03-01 10:00:00');
    expect(row.find('a').attributes('href')).toBe('/customers/wmCustomer1');
    const lists = fetchMock.mock.calls
      .map(([url]) => new URL(url, 'http://console.test'))
      .filter((url) => url.pathname === '/api/alerts');
    expect(lists.map((url) => Object.fromEntries(url.searchParams))).toEqual([
      { page: '1', pageSize: '20', status: 'open' },
    ]);
  });

  it('puts a live alert at the top of the open list, highlighted, and counts it on the badge', async () => {
    serve();
    const { page, header } = await renderAlerts();
    const realtime = useRealtimeStore();
    realtime.receiveAlertCounts({ open: 1 });
    await flushPromises();
    expect(header.find('[data-test="alert-badge"]').text()).toBe('1');

    realtime.receiveAlert(
      makeAlert({ id: 'a2', kind: 'customer_deleted_member', severity: 'medium', memberName: '韩梅梅' }),
    );
    await flushPromises();

    expect(header.find('[data-test="alert-badge"]').text()).toBe('2');
    await vi.waitFor(() => expect(page.find('[data-test="alert-row-a2"]').exists()).toBe(true));
    const rows = page.findAll('[data-test^="alert-row-"]').map((row) => row.attributes('data-test'));
    expect(rows).toEqual(['alert-row-a2', 'alert-row-a1']);
    const fresh = page.find('[data-test="alert-row-a2"]');
    expect(fresh.classes()).toContain('row-new');
    expect(fresh.text()).toContain('客户删除员工');
    // The toast is raised by the layout, not this page; the page alone just lists it.
  });

  it('does not add a live alert to a tab it does not belong to', async () => {
    serve();
    const { page } = await renderAlerts();
    await page.findComponent({ name: 'ElTabs' }).vm.$emit('tab-change', 'resolved');
    await flushPromises();

    useRealtimeStore().receiveAlert(makeAlert({ id: 'a3' }));
    await flushPromises();

    expect(page.find('[data-test="alert-row-a3"]').exists()).toBe(false);
  });

  it('resolves an alert with a note and takes it off the open list', async () => {
    const fetchMock = serve(
      [makeAlert()],
      makeAlert({
        status: 'resolved',
        note: '已联系客户',
        handledBy: 'Ada',
        handledAt: '2025-03-01T03:00:00.000Z',
      }),
    );
    const { page } = await renderAlerts();

    await page.find('[data-test="alert-resolve-a1"]').trigger('click');
    await flushPromises();
    await page.find('textarea[data-test="alert-note"]').setValue('已联系客户');
    await page.find('[data-test="alert-note-submit"]').trigger('click');

    await vi.waitFor(() => expect(page.find('[data-test="alert-row-a1"]').exists()).toBe(false));
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/alerts/a1') ?? [];
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).toEqual({ status: 'resolved', note: '已联系客户' });
  });

  it('offers no actions without violations.handle', async () => {
    serve();
    const app = createTestApp(makeMe(['manager'], { permissions: ['alerts.read'] }));
    await app.router.push('/alerts');
    const page = mount(AlertsView, { global: { plugins: app.plugins }, attachTo: document.body });
    await vi.waitFor(() => expect(page.find('[data-test="alert-row-a1"]').exists()).toBe(true));

    expect(page.find('[data-test="alert-ack-a1"]').exists()).toBe(false);
    expect(page.find('[data-test="alert-resolve-a1"]').exists()).toBe(false);
  });
});
