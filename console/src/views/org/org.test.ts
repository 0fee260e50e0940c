import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Member, OrgOverview, Page, Role, SyncRun } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import OrgView from './index.vue';
import { SYNC_POLL_INTERVAL_MS } from './useOrgSync';

function syncRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: 4,
    kind: 'org',
    trigger: 'schedule',
    status: 'succeeded',
    startedAt: '2025-03-01T02:00:00.000Z',
    finishedAt: '2025-03-01T02:00:05.000Z',
    summary: { departments: 3, members: 3, departed: 1 },
    failure: null,
    ...overrides,
  };
}

function overviewWith(lastSync: SyncRun | null): OrgOverview {
  return {
    departments: [
      { id: '2', name: '销售部', parentId: '1', order: 100, memberCount: 2 },
      { id: '1', name: '客守科技', parentId: null, order: 0, memberCount: 1 },
      { id: '3', name: '华东大区', parentId: '2', order: 0, memberCount: 5 },
    ],
    counts: { active: 12, disabled: 1, inactive: 2, departed: 3 },
    lastSync,
  };
}

const members: Page<Member> = {
  items: [
    {
      userId: 'LiLei',
      name: '李雷',
      departmentIds: ['2'],
      mainDepartmentId: '2',
      position: '销售经理',
      mobile: '138****5678',
      status: 'active',
      departedAt: null,
      updatedAt: '2025-03-01T02:00:00.000Z',
    },
    {
      userId: 'HanMeimei',
      name: '韩梅梅',
      departmentIds: ['3', '2'],
      mainDepartmentId: '3',
      position: null,
      mobile: null,
      status: 'departed',
      departedAt: '2025-02-28T16:30:00.000Z',
      updatedAt: '2025-03-01T02:00:00.000Z',
    },
  ],
  total: 2,
  page: 1,
  pageSize: 20,
};

/** A fake server: every overview request takes the next answer from `overviews` (the last one repeats). */
function serve(overviews: OrgOverview[], syncAnswer: Response = jsonResponse(202, { runId: 5 })) {
  const queue = [...overviews];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/org/overview') {
      const next = queue.length > 1 ? queue.shift() : queue[0];
      return jsonResponse(200, next);
    }
    if (url.startsWith('/api/org/members')) return jsonResponse(200, members);
    if (url === '/api/org/sync' && init?.method === 'POST') return syncAnswer;
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  const calls = (path: string) => fetchMock.mock.calls.filter(([url]) => url.startsWith(path)).length;
  return { fetchMock, calls };
}

async function renderOrg(roles: Role[] = ['admin']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/org');
  return mount(OrgView, { global: { plugins: app.plugins }, attachTo: document.body });
}

describe('the organisation page', () => {
  afterEach(() => {
    vi.useRealTimers();
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('says in Chinese why the last sync failed, with WeCom’s text as the detail', async () => {
    serve([
      overviewWith(
        syncRun({
          status: 'failed',
          summary: null,
          failure: {
            code: 'no_departments_visible',
            params: {},
            detail: "WeCom listed no departments: check the app's visible range (可见范围)",
          },
        }),
      ),
    ]);
    const wrapper = await renderOrg();

    await vi.waitFor(() => expect(wrapper.find('[data-test="org-sync-error"]').exists()).toBe(true));
    const alert = wrapper.find('[data-test="org-sync-error"]');
    expect(alert.find('[data-test="failure-wording"]').text()).toBe(
      '企业微信没有返回任何部门：请在企业微信管理后台检查应用的可见范围。',
    );
    expect(alert.find('[data-test="failure-detail"] [translate="no"]').text()).toBe(
      "WeCom listed no departments: check the app's visible range (可见范围)",
    );
  });

  it('builds the department tree from parentId, with member counts', async () => {
    serve([overviewWith(syncRun())]);
    const wrapper = await renderOrg();

    await vi.waitFor(() => expect(wrapper.find('[data-test="org-dept-1"]').exists()).toBe(true));
    const tree = wrapper.find('[data-test="org-tree"]');
    const root = tree.find('[data-test="org-dept-1"]');
    expect(root.text()).toContain('客守科技');
    expect(root.text()).toContain('1');
    // Each child is rendered inside its parent's node, not beside it.
    const rootNode = tree
      .findAll('.el-tree-node')
      .find((node) => node.find('[data-test="org-dept-1"]').exists());
    expect(rootNode?.find('.el-tree-node__children [data-test="org-dept-2"]').exists()).toBe(true);
    expect(tree.find('[data-test="org-dept-2"]').text()).toContain('2');
    const sales = tree
      .findAll('.el-tree-node')
      .find((node) => node.find(':scope > .el-tree-node__content [data-test="org-dept-2"]').exists());
    expect(sales?.find('.el-tree-node__children [data-test="org-dept-3"]').exists()).toBe(true);
  });

  it('shows the counts, the last sync in China time, and departed members distinctly', async () => {
    const { fetchMock } = serve([overviewWith(syncRun())]);
    const wrapper = await renderOrg();

    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="org-members-table"]').text()).toContain('韩梅梅'),
    );
    const text = (selector: string) => wrapper.find(`[data-test="${selector}"]`).text();
    expect(text('org-count-active')).toContain('12');
    expect(text('org-count-departed')).toContain('3');
    expect(text('org-last-sync')).toContain('2025-03-01 10:00:00');
    expect(text('org-last-sync')).toContain('定时');
    expect(text('org-sync-summary')).toBe('部门 3 · 成员 3 · 离职 1');

    const departed = wrapper.find('[data-test="org-member-status-HanMeimei"]');
    expect(departed.text()).toContain('已离职');
    expect(departed.text()).toContain('离职于 2025-03-01 00:30:00');
    expect(departed.find('.el-tag').classes()).toEqual(
      expect.arrayContaining(['el-tag--danger', 'el-tag--dark']),
    );
    const active = wrapper.find('[data-test="org-member-status-LiLei"]');
    expect(active.text()).toBe('在职');
    expect(active.find('.el-tag').classes()).not.toContain('el-tag--danger');
    // Departments by name, the main one first.
    expect(text('org-members-table')).toContain('华东大区、销售部');
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/org/members?page=1&pageSize=20')).toBe(true);
  });

  it('lists the members of a department picked in the tree', async () => {
    const { fetchMock } = serve([overviewWith(syncRun())]);
    const wrapper = await renderOrg();
    await vi.waitFor(() => expect(wrapper.find('[data-test="org-dept-3"]').exists()).toBe(true));

    await wrapper.find('[data-test="org-dept-3"]').trigger('click');

    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => url)).toContain(
        '/api/org/members?page=1&pageSize=20&departmentId=3',
      ),
    );
  });

  it('starts a sync and polls the overview every 2 s until the run is no longer running', async () => {
    const running = syncRun({ id: 5, trigger: 'manual', status: 'running', finishedAt: null, summary: null });
    const done = syncRun({
      id: 5,
      trigger: 'manual',
      finishedAt: '2025-03-01T03:00:07.000Z',
      summary: { departments: 4, members: 9, departed: 2 },
    });
    const { fetchMock, calls } = serve([
      overviewWith(syncRun()),
      overviewWith(running),
      overviewWith(running),
      overviewWith(done),
    ]);
    const wrapper = await renderOrg();
    await vi.waitFor(() => expect(wrapper.find('[data-test="org-sync-summary"]').exists()).toBe(true));
    await flushPromises();
    expect(calls('/api/org/overview')).toBe(1);
    expect(calls('/api/org/members')).toBe(1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    await wrapper.find('[data-test="org-sync"]').trigger('click');
    await vi.waitFor(() => expect(calls('/api/org/sync')).toBe(1));
    expect(fetchMock.mock.calls.find(([url]) => url === '/api/org/sync')?.[1]?.method).toBe('POST');

    for (const expected of [2, 3, 4]) {
      await vi.advanceTimersByTimeAsync(SYNC_POLL_INTERVAL_MS);
      await vi.waitFor(() => expect(calls('/api/org/overview')).toBe(expected));
    }
    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="org-sync-summary"]').text()).toBe('部门 4 · 成员 9 · 离职 2'),
    );
    expect(document.body.textContent).toContain('组织架构已同步');
    // The finished run refreshes the member list, and the polling stops.
    await vi.waitFor(() => expect(calls('/api/org/members')).toBe(2));
    await vi.advanceTimersByTimeAsync(SYNC_POLL_INTERVAL_MS * 3);
    await flushPromises();
    expect(calls('/api/org/overview')).toBe(4);
  });

  it('stops polling when the page is left', async () => {
    const running = syncRun({ id: 5, status: 'running', finishedAt: null, summary: null });
    const { calls } = serve([overviewWith(running)]);
    const wrapper = await renderOrg();
    await vi.waitFor(() => expect(wrapper.find('[data-test="org-sync-status"]').text()).toBe('同步中'));
    await flushPromises();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(SYNC_POLL_INTERVAL_MS * 3);
    await flushPromises();

    expect(calls('/api/org/overview')).toBe(1);
  });

  it('explains a sync refused for missing WeCom credentials', async () => {
    serve(
      [overviewWith(null)],
      jsonResponse(503, { code: 'not_configured', message: 'WeCom is not configured', requestId: 'r' }),
    );
    const wrapper = await renderOrg();
    await vi.waitFor(() => expect(wrapper.find('[data-test="org-last-sync"]').text()).toContain('尚未同步'));

    await wrapper.find('[data-test="org-sync"]').trigger('click');

    await vi.waitFor(() => expect(document.body.textContent).toContain('未配置企业微信凭据'));
  });

  it('offers no sync button without the sync permission', async () => {
    serve([overviewWith(syncRun())]);
    const wrapper = await renderOrg(['auditor']);
    await vi.waitFor(() => expect(wrapper.find('[data-test="org-dept-1"]').exists()).toBe(true));

    expect(wrapper.find('[data-test="org-sync"]').exists()).toBe(false);
  });
});
