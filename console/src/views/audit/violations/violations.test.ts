import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Violation } from '@keeper/shared';
import AppHeader from '@/layout/components/AppHeader.vue';
import { useRealtimeStore } from '@/stores/realtime.store';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeAuditRule, makeViolation, pageOf } from '@/test-utils/fixtures';
import ViolationsView from './index.vue';

function serve(items: Violation[] = [makeViolation()], patched?: Violation) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    if (path === '/api/violations') return jsonResponse(200, pageOf(items));
    if (path === '/api/violations/counts') return jsonResponse(200, { new: items.length });
    if (path === '/api/violations/v1' && init?.method === 'PATCH') return jsonResponse(200, patched);
    if (path === '/api/audit-rules') return jsonResponse(200, [makeAuditRule()]);
    if (path === '/api/alerts/counts') return jsonResponse(200, { open: 0 });
    if (path === '/api/org/members') return jsonResponse(200, pageOf([]));
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderViolations() {
  const app = createTestApp(makeMe(['auditor']));
  await app.router.push('/audit/violations');
  const page = mount(ViolationsView, { global: { plugins: app.plugins }, attachTo: document.body });
  const header = mount(AppHeader, { global: { plugins: app.plugins } });
  await vi.waitFor(() => expect(page.find('[data-test="violation-row-v1"]').exists()).toBe(true));
  return { page, header };
}

describe('the violations page', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists new violations with the rule, severity, matched words and a link to the message', async () => {
    const fetchMock = serve();
    const { page } = await renderViolations();

    const row = page.find('[data-test="violation-row-v1"]');
    for (const text of [
      '2025-03-01 10:00:00',
      '李雷',
      '王五',
      '私下收款',
      '高',
      '转账',
      '直接转账给我就行',
    ]) {
      expect(row.text()).toContain(text);
    }
    // The tab is the status; nobody has handled a new violation, so there is no column for it.
    const headers = page.findAll('[data-test="violations-table"] th').map((cell) => cell.text());
    expect(headers).not.toContain('状态');
    expect(headers).not.toContain('处理');
    expect(row.find('[data-test="violation-view-v1"]').attributes('href')).toBe(
      '/audit/conversations/7?message=100',
    );
    const lists = fetchMock.mock.calls
      .map(([url]) => new URL(url, 'http://console.test'))
      .filter((url) => url.pathname === '/api/violations');
    expect(lists.map((url) => Object.fromEntries(url.searchParams))).toEqual([
      { page: '1', pageSize: '20', status: 'new' },
    ]);
  });

  it('confirms a violation with a note and takes it off the new list', async () => {
    const fetchMock = serve(
      [makeViolation()],
      makeViolation({
        status: 'confirmed',
        note: '已约谈',
        handledBy: 'Ada',
        handledAt: '2025-03-01T03:00:00.000Z',
      }),
    );
    const { page } = await renderViolations();

    await page.find('[data-test="violation-confirm-v1"]').trigger('click');
    await flushPromises();
    await page.find('textarea[data-test="violation-note"]').setValue('已约谈');
    await page.find('[data-test="violation-note-submit"]').trigger('click');

    await vi.waitFor(() => expect(page.find('[data-test="violation-row-v1"]').exists()).toBe(false));
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/violations/v1') ?? [];
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).toEqual({ status: 'confirmed', note: '已约谈' });
  });

  it('puts a live violation at the top of the list and counts it on the header badge', async () => {
    serve();
    const { page, header } = await renderViolations();
    const realtime = useRealtimeStore();
    realtime.receiveViolationCounts({ new: 1 });
    await flushPromises();
    expect(header.find('[data-test="violation-badge"]').text()).toBe('1');

    realtime.receiveViolation(
      makeViolation({
        id: 'v2',
        ruleName: '飞单',
        member: { id: 'HanMeimei', name: '韩梅梅', kind: 'member' },
      }),
    );
    await flushPromises();

    expect(header.find('[data-test="violation-badge"]').text()).toBe('2');
    await vi.waitFor(() => expect(page.find('[data-test="violation-row-v2"]').exists()).toBe(true));
    const rows = page.findAll('[data-test^="violation-row-"]').map((row) => row.attributes('data-test'));
    expect(rows).toEqual(['violation-row-v2', 'violation-row-v1']);
    expect(page.find('[data-test="violation-row-v2"]').classes()).toContain('row-new');
  });

  it('shows the violations raised while the socket was away once it connects again', async () => {
    serve();
    const { page } = await renderViolations();
    const realtime = useRealtimeStore();
    realtime.receiveConnection('disconnected');
    serve([makeViolation({ id: 'v3', ruleName: '私下收款' }), makeViolation()]);

    realtime.receiveConnection('connected');

    await vi.waitFor(() => expect(page.find('[data-test="violation-row-v3"]').exists()).toBe(true));
  });
});
