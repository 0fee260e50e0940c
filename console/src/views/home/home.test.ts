import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { Health, OrgOverview, Role, SystemStatus } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import HomeView from './index.vue';

const status: SystemStatus = {
  version: '0.1.0',
  mode: 'sandbox',
  database: { dialect: 'sqlite', ok: true, latencyMs: 1.26 },
  startedAt: '2025-03-01T02:00:00.000Z',
  uptimeSeconds: 90_061,
  nodeVersion: 'v20.19.0',
  counts: { users: 3, activeSessions: 2 },
  wecom: { corpId: 'ww_demo_corp', callbackConfigured: true },
};

const overview: OrgOverview = {
  departments: [{ id: '1', name: '客守科技', parentId: null, order: 0, memberCount: 3 }],
  counts: { active: 30, disabled: 1, inactive: 4, departed: 2 },
  lastSync: {
    id: 9,
    kind: 'org',
    trigger: 'schedule',
    status: 'failed',
    startedAt: '2025-03-01T02:00:00.000Z',
    finishedAt: '2025-03-01T02:00:03.000Z',
    summary: null,
    failure: {
      code: 'wecom_error',
      params: { errcode: 60020 },
      detail: 'WeCom department/list failed with errcode 60020: not allow to access from your ip',
    },
  },
};

function serve(health: { status: number; body: Health }) {
  const fetchMock = vi.fn(async (url: string) => {
    if (url === '/healthz') return jsonResponse(health.status, health.body);
    if (url === '/api/org/overview') return jsonResponse(200, overview);
    if (url.startsWith('/api/dashboard')) {
      const totals = { customers: 0, activeCustomers: 0, lostCustomers: 0, members: 0, openAlerts: 0 };
      return jsonResponse(200, { totals, daily: [], byMember: [], byChannel: [] });
    }
    return jsonResponse(200, status);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderHome(roles: Role[] = ['staff']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/home');
  return mount(HomeView, { global: { plugins: app.plugins } });
}

describe('the home page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("shows the server's own status, in China time", async () => {
    serve({ status: 200, body: { status: 'ok', checks: { database: 'ok' } } });
    const wrapper = await renderHome();

    await vi.waitFor(() => expect(wrapper.find('[data-test="server-version"]').exists()).toBe(true));
    const text = (selector: string) => wrapper.find(`[data-test="${selector}"]`).text();
    expect(text('server-mode')).toBe('沙箱');
    expect(text('server-version')).toBe('0.1.0');
    expect(text('server-uptime')).toBe('1 天 1 小时 1 分钟');
    expect(text('server-status')).toContain('2025-03-01 10:00:00');
    expect(text('health-status')).toBe('正常');
    expect(text('db-dialect')).toBe('SQLite（内嵌）');
    expect(text('db-latency')).toBe('1.3 毫秒');
    expect(text('count-users')).toContain('3');
    expect(text('count-sessions')).toContain('2');
    expect(text('wecom-corp-id')).toBe('ww_demo_corp');
    expect(text('wecom-callback')).toBe('已配置');
  });

  it('shows a degraded server as degraded rather than as a failed request', async () => {
    serve({ status: 503, body: { status: 'degraded', checks: { database: 'down' } } });
    const wrapper = await renderHome();

    await vi.waitFor(() => expect(wrapper.find('[data-test="health-status"]').text()).toBe('降级'));
    expect(wrapper.find('[data-test="db-health"]').text()).toBe('不可用');
  });

  it('shows the organisation counts and the last sync to those who may read the organisation', async () => {
    serve({ status: 200, body: { status: 'ok', checks: { database: 'ok' } } });
    const wrapper = await renderHome(['auditor']);

    await vi.waitFor(() => expect(wrapper.find('[data-test="home-org-sync"]').exists()).toBe(true));
    expect(wrapper.find('[data-test="home-org-count-active"]').text()).toContain('30');
    expect(wrapper.find('[data-test="home-org-count-departed"]').text()).toContain('2');
    expect(wrapper.find('[data-test="home-org-sync"]').text()).toBe('失败2025-03-01 10:00:03');
  });

  it('leaves the organisation out for a role without org.read', async () => {
    const fetchMock = serve({ status: 200, body: { status: 'ok', checks: { database: 'ok' } } });
    const wrapper = await renderHome(['staff']);

    await vi.waitFor(() => expect(wrapper.find('[data-test="server-version"]').exists()).toBe(true));
    expect(wrapper.find('[data-test="org-status"]').exists()).toBe(false);
    expect(fetchMock.mock.calls.map(([url]) => url)).not.toContain('/api/org/overview');
  });
});
