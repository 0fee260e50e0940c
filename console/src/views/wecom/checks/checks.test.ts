import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { ConnectionCheck, ConnectionReport } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import ChecksView from './index.vue';

const check = (overrides: Partial<ConnectionCheck> & Pick<ConnectionCheck, 'id'>): ConnectionCheck => ({
  status: 'ok',
  problem: null,
  errcode: null,
  fact: null,
  wecomMessage: null,
  durationMs: 12,
  ...overrides,
});

const report: ConnectionReport = {
  checkedAt: '2025-03-01T02:00:00.000Z',
  corpId: 'ww1234567890',
  checks: [
    check({ id: 'configuration' }),
    check({
      id: 'contact_secret',
      status: 'failed',
      problem: 'ip_not_trusted',
      errcode: 60020,
      wecomMessage: 'not allow to access from your ip, hint: [1741-abc], from ip: 203.0.113.7',
    }),
    check({
      id: 'directory',
      status: 'skipped',
      problem: 'not_configured',
      fact: { code: 'needs_check', check: 'contact_secret' },
    }),
    check({
      id: 'customer_contact',
      status: 'skipped',
      problem: 'not_configured',
      fact: { code: 'needs_check', check: 'contact_secret' },
    }),
    check({ id: 'callback', status: 'failed', problem: 'callback_never_verified' }),
    check({
      id: 'archive_secret',
      status: 'failed',
      problem: 'wrong_secret',
      errcode: 40001,
      wecomMessage: 'invalid credential',
    }),
    check({
      id: 'archive',
      status: 'skipped',
      problem: 'not_configured',
      fact: { code: 'needs_check', check: 'archive_secret' },
    }),
    check({ id: 'agent_secret', fact: { code: 'agent', agentId: '1000002' } }),
  ],
};

async function runChecks() {
  const fetchMock = vi.fn(async () => jsonResponse(200, report));
  vi.stubGlobal('fetch', fetchMock);
  const app = createTestApp(makeMe(['admin']));
  await app.router.push('/wecom/checks');
  const wrapper = mount(ChecksView, { global: { plugins: app.plugins } });
  await wrapper.find('[data-test="checks-run"]').trigger('click');
  await vi.waitFor(() => expect(wrapper.find('[data-test="check-agent_secret"]').exists()).toBe(true));
  return { wrapper, fetchMock };
}

describe('the connection check', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('runs the checks and shows each one with its status', async () => {
    const { wrapper, fetchMock } = await runChecks();

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/wecom/checks');
    expect(init.method).toBe('POST');
    const status = (id: string) => wrapper.find(`[data-test="check-${id}"]`).attributes('data-status');
    expect(status('configuration')).toBe('ok');
    expect(status('contact_secret')).toBe('failed');
    expect(status('directory')).toBe('skipped');
    expect(wrapper.find('[data-test="checks-tally"]').text()).toBe('2 项通过 · 3 项失败 · 3 项跳过');
    expect(wrapper.find('[data-test="checks-meta"]').text()).toContain('2025-03-01 10:00:00');
    expect(wrapper.find('[data-test="check-configuration"] [data-test="check-fix"]').exists()).toBe(false);
  });

  it("explains 60020 as an untrusted IP and says where to add it, with WeCom's own message", async () => {
    const { wrapper } = await runChecks();

    const row = wrapper.find('[data-test="check-contact_secret"]');
    expect(row.find('[data-test="check-problem"]').text()).toContain('企业可信IP');
    expect(row.find('[data-test="check-problem"]').text()).toContain('from ip');
    expect(row.find('[data-test="check-fix"]').text()).toContain(
      '应用管理 → 自建应用 → 该应用 → 开发者接口 → 企业可信IP',
    );
    expect(row.find('[data-test="check-fix"]').text()).toContain('公网 IP');
    expect(row.find('[data-test="check-raw"]').text()).toBe(
      '企业微信返回errcode 60020 · not allow to access from your ip, hint: [1741-abc], from ip: 203.0.113.7',
    );
    expect(row.find('[data-test="check-raw"] .mono').exists()).toBe(true);
  });

  it('tells how to set the callback URL when WeCom never verified it', async () => {
    const { wrapper } = await runChecks();

    const row = wrapper.find('[data-test="check-callback"]');
    expect(row.attributes('data-status')).toBe('failed');
    expect(row.find('[data-test="check-problem"]').text()).toContain('从未校验或推送过回调地址');
    const fix = row.find('[data-test="check-fix"]').text();
    expect(fix).toContain('接收消息');
    expect(fix).toContain(`${window.location.origin}/wecom/callback`);
    expect(fix).toContain('WECOM_TOKEN、WECOM_AES_KEY');
    expect(fix).toContain('保存');
    expect(row.find('[data-test="check-raw"]').exists()).toBe(false);
  });

  it('points a wrong archive Secret at the chat-archive settings, and names a skipped step as skipped', async () => {
    const { wrapper } = await runChecks();

    expect(wrapper.find('[data-test="check-archive_secret"] [data-test="check-fix"]').text()).toContain(
      '管理工具 → 会话内容存档 → Secret',
    );
    expect(wrapper.find('[data-test="check-directory"] [data-test="check-problem"]').text()).toContain(
      '已跳过',
    );
  });

  it('words what each check found in Chinese, with times in China time', async () => {
    const passing: ConnectionReport = {
      ...report,
      checks: [
        check({ id: 'configuration', fact: { code: 'optional_not_set', names: ['WECOM_AGENT_ID'] } }),
        check({ id: 'directory', fact: { code: 'departments_visible', count: 7 } }),
        check({
          id: 'callback',
          fact: { code: 'callback_seen', verifiedAt: '2025-03-01T02:00:00.000Z', receivedAt: null },
        }),
        check({ id: 'agent_secret', fact: { code: 'agent', agentId: '1000002' } }),
      ],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, passing)),
    );
    const app = createTestApp(makeMe(['admin']));
    await app.router.push('/wecom/checks');
    const wrapper = mount(ChecksView, { global: { plugins: app.plugins } });
    await wrapper.find('[data-test="checks-run"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-test="check-agent_secret"]').exists()).toBe(true));

    const fact = (id: string) => wrapper.find(`[data-test="check-${id}"] [data-test="check-fact"]`).text();
    expect(fact('configuration')).toBe('可选功能的变量未设置：WECOM_AGENT_ID');
    expect(fact('directory')).toBe('可见 7 个部门');
    expect(fact('callback')).toBe('最近校验 2025-03-01 10:00:00，最近收到回调 —');
    expect(fact('agent_secret')).toBe('应用 AgentId 1000002');
  });

  it('says which earlier check a skipped one waits for', async () => {
    const { wrapper } = await runChecks();

    expect(wrapper.find('[data-test="check-archive"] [data-test="check-fact"]').text()).toBe(
      '需要“会话存档 Secret”一项先通过',
    );
  });

  it('words the same problems in English', async () => {
    const { wrapper } = await runChecks();
    const { setI18nLocale } = await import('@/locales');

    setI18nLocale('en');
    await wrapper.vm.$nextTick();

    const row = wrapper.find('[data-test="check-contact_secret"]');
    expect(row.find('[data-test="check-problem"]').text()).toContain('trusted IPs');
    expect(wrapper.find('[data-test="check-callback"] [data-test="check-fix"]').text()).toContain(
      'PUBLIC_URL followed by /wecom/callback',
    );
  });
});
