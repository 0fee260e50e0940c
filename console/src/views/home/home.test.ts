import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { Health, SystemStatus } from '@keeper/shared';
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

function serve(health: { status: number; body: Health }) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) =>
      url === '/healthz' ? jsonResponse(health.status, health.body) : jsonResponse(200, status),
    ),
  );
}

async function renderHome() {
  const app = createTestApp(makeMe(['staff']));
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
});
