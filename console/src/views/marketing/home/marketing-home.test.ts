import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@keeper/shared';
import { makeCampaign, makeMaterial, makeRunningFunnel } from '@/test-utils/fixtures';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { serveMarketing } from '@/test-utils/marketing-server';
import HomeView from '@/views/home/index.vue';

function serveHome() {
  const marketing = serveMarketing({
    campaigns: [
      makeCampaign({ id: '11', name: '三月老客户回访', status: 'running', funnel: makeRunningFunnel() }),
      makeCampaign({ id: '12', name: '新品预告', status: 'pending_approval' }),
      makeCampaign({ id: '13', name: '周会通知', status: 'draft' }),
    ],
    materials: [makeMaterial()],
  });
  // The home page's own status cards and the dashboard, answered simply.
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/healthz') return jsonResponse(200, { status: 'ok', checks: { database: 'ok' } });
    if (url.startsWith('/api/system/status')) {
      return jsonResponse(200, {
        version: '0.1.0',
        mode: 'sandbox',
        database: { dialect: 'sqlite', ok: true, latencyMs: 1 },
        startedAt: '2025-03-01T02:00:00.000Z',
        uptimeSeconds: 60,
        nodeVersion: 'v20.19.0',
        counts: { users: 1, activeSessions: 1 },
        wecom: { corpId: null, callbackConfigured: false },
      });
    }
    if (url.startsWith('/api/dashboard')) {
      const totals = { customers: 0, activeCustomers: 0, lostCustomers: 0, members: 0, openAlerts: 0 };
      return jsonResponse(200, { totals, daily: [], byMember: [], byChannel: [] });
    }
    return marketing(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderHome(roles: Role[]) {
  const fetchMock = serveHome();
  const app = createTestApp(makeMe(roles));
  await app.router.push('/home');
  const page = mount(HomeView, { global: { plugins: app.plugins }, attachTo: document.body });
  await flushPromises();
  return { page, fetchMock };
}

describe('the marketer’s home', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows a marketer their campaigns instead of the customer dashboard', async () => {
    const { page, fetchMock } = await renderHome(['marketer']);

    await vi.waitFor(() => expect(page.find('[data-test="home-running-11"]').exists()).toBe(true));
    expect(page.find('[data-test="dashboard"]').exists()).toBe(false);
    expect(page.find('[data-test="home-running-11"]').text()).toContain('三月老客户回访');
    expect(page.find('[data-test="home-running-figures-11"]').text()).toContain('已发送 8,000');
    expect(page.find('[data-test="home-running-figures-11"]').text()).toContain('未发送 3,990');
    expect(page.find('[data-test="home-running-progress-11"]').text()).toContain('66%');
    expect(page.find('[data-test="home-pending-12"]').text()).toContain('新品预告');
    expect(page.find('[data-test="home-draft-13"]').text()).toContain('周会通知');
    await vi.waitFor(() => expect(page.find('[data-test="home-material-m1"]').exists()).toBe(true));
    expect(fetchMock.mock.calls.map(([url]) => url)).not.toContainEqual(
      expect.stringContaining('/api/dashboard'),
    );
  });

  it('keeps the dashboard for those who work the customers (a manager, an admin)', async () => {
    for (const roles of [['manager'], ['admin']] as Role[][]) {
      const { page } = await renderHome(roles);
      await vi.waitFor(() => expect(page.find('[data-test="dashboard"]').exists()).toBe(true));
      expect(page.find('[data-test="marketing-home"]').exists()).toBe(false);
      page.unmount();
    }
  });
});
