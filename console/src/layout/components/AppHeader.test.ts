import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { SystemStatus } from '@keeper/shared';
import { useAppStore } from '@/stores/app.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import { useSystemStore } from '@/stores/system.store';
import { createTestApp, makeMe } from '@/test-utils/harness';
import AppHeader from './AppHeader.vue';

function statusIn(mode: SystemStatus['mode']): SystemStatus {
  return {
    version: '0.1.0',
    mode,
    database: { dialect: 'mysql', ok: true, latencyMs: 2 },
    startedAt: '2025-03-01T02:00:00.000Z',
    uptimeSeconds: 60,
    nodeVersion: 'v20.19.0',
    counts: { users: 1, activeSessions: 1 },
    wecom: { corpId: null, callbackConfigured: false },
  };
}

async function renderHeader(mode: SystemStatus['mode']) {
  const app = createTestApp(makeMe(['admin', 'auditor'], { displayName: '周管理' }));
  useSystemStore().status = statusIn(mode);
  await app.router.push('/system/users');
  return mount(AppHeader, { global: { plugins: app.plugins } });
}

describe('the header', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('marks a sandbox server, shows where the user is and who is signed in', async () => {
    const wrapper = await renderHeader('sandbox');

    expect(wrapper.find('[data-test="sandbox-badge"]').text()).toBe('沙箱环境');
    expect(wrapper.find('[data-test="breadcrumb"]').text()).toContain('系统管理');
    expect(wrapper.find('[data-test="breadcrumb"]').text()).toContain('账号管理');
    expect(wrapper.find('[data-test="user-menu"]').text()).toContain('周管理');
  });

  it('has no sandbox badge on a production server', async () => {
    const wrapper = await renderHeader('production');

    expect(wrapper.find('[data-test="sandbox-badge"]').exists()).toBe(false);
  });

  it('says when live updates cannot arrive', async () => {
    const wrapper = await renderHeader('production');
    const realtime = useRealtimeStore();

    realtime.connection = 'connected';
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-test="live-status"]').attributes('data-state')).toBe('connected');
    expect(wrapper.find('[data-test="live-status"]').text()).toBe('');

    realtime.connection = 'disconnected';
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-test="live-status"]').text()).toBe('实时推送已断开');
  });

  it('switches the interface to English and remembers the choice', async () => {
    const wrapper = await renderHeader('sandbox');

    useAppStore().setLocale('en');
    await wrapper.vm.$nextTick();

    expect(wrapper.find('[data-test="sandbox-badge"]').text()).toBe('Sandbox');
    expect(wrapper.find('[data-test="lang-switch"]').text()).toContain('English');
    expect(wrapper.find('[data-test="breadcrumb"]').text()).toContain('Accounts');
    expect(JSON.parse(localStorage.getItem('keeper.console.app') ?? '{}')).toMatchObject({ locale: 'en' });
  });
});
