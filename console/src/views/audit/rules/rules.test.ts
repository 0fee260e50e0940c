import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeAuditRule } from '@/test-utils/fixtures';
import RulesView from './index.vue';
import { patternLines, patternProblem } from './rules';

function serve() {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    if (path === '/api/audit-rules' && init?.method === 'POST') {
      return jsonResponse(200, makeAuditRule({ id: '9', ...JSON.parse(String(init.body)) }));
    }
    if (path === '/api/audit-rules') {
      return jsonResponse(200, [
        makeAuditRule(),
        makeAuditRule({ id: '2', name: '撤回消息', kind: 'recall', patterns: [], builtIn: true }),
      ]);
    }
    if (path === '/api/audit-rules/rescan') return jsonResponse(200, { scanned: 1200, created: 3 });
    if (path === '/api/org/overview')
      return jsonResponse(200, {
        departments: [],
        counts: { active: 0, disabled: 0, inactive: 0, departed: 0 },
        lastSync: null,
      });
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderRules(roles: Role[] = ['auditor']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/audit/rules');
  const wrapper = mount(RulesView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-test="rule-row-1"]').exists()).toBe(true));
  return wrapper;
}

function selectKind(wrapper: ReturnType<typeof mount>, kind: string) {
  const select = wrapper
    .findAllComponents({ name: 'ElSelect' })
    .find((component) => component.attributes('data-test') === 'rule-form-kind');
  if (!select) throw new Error('no kind select');
  select.vm.$emit('update:modelValue', kind);
}

describe('the audit rules page', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists rules with their kind, patterns and a built-in rule that cannot be deleted', async () => {
    serve();
    const wrapper = await renderRules();

    const row = wrapper.find('[data-test="rule-row-1"]');
    expect(row.text()).toContain('关键词');
    expect(row.text()).toContain('3 条');
    expect(row.text()).toContain('转账、微信支付、私下');
    expect(row.text()).toContain('全部员工');
    const builtIn = wrapper.find('[data-test="rule-row-2"]');
    expect(builtIn.text()).toContain('内置');
    expect(builtIn.find('[data-test="rule-delete-2"]').exists()).toBe(false);
    expect(row.find('[data-test="rule-delete-1"]').exists()).toBe(true);
  });

  it('refuses a regular expression that does not compile, and sends one that does', async () => {
    const fetchMock = serve();
    const wrapper = await renderRules();

    await wrapper.find('[data-test="rules-create"]').trigger('click');
    await flushPromises();
    await wrapper.find('input[data-test="rule-form-name"]').setValue('银行卡号');
    selectKind(wrapper, 'regex');
    await flushPromises();
    await wrapper.find('textarea[data-test="rule-form-patterns"]').setValue('\\d{16,19}\n([a-z]+');
    await wrapper.find('[data-test="rule-form-submit"]').trigger('click');

    await vi.waitFor(() => expect(document.body.textContent).toContain('第 2 行不是有效的正则表达式'));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    await wrapper.find('textarea[data-test="rule-form-patterns"]').setValue('\\d{16,19}\n\n卡号\\s*\\d+');
    await wrapper.find('[data-test="rule-form-submit"]').trigger('click');
    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(true),
    );
    const [, init] = fetchMock.mock.calls.find(([, options]) => options?.method === 'POST') ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({
      name: '银行卡号',
      kind: 'regex',
      patterns: ['\\d{16,19}', '卡号\\s*\\d+'],
      severity: 'medium',
      departmentIds: [],
      enabled: true,
    });
  });

  it('checks patterns per kind: thousands of keywords, working hours, none for recalls', () => {
    const keywords = Array.from({ length: 5_000 }, (_, index) => `词${index}`).join('\n');
    expect(patternLines(keywords)).toHaveLength(5_000);
    expect(patternProblem('keywords', patternLines(keywords))).toBeNull();
    expect(patternProblem('keywords', [])).toBe('请至少填写一行');
    expect(patternProblem('after_hours', ['09:00-18:00'])).toBeNull();
    expect(patternProblem('after_hours', ['9点到18点'])).toBe('第 1 行应写成 09:00-18:00 这样的时间段');
    expect(patternProblem('recall', [])).toBeNull();
  });

  it('re-scans a period and shows what was found', async () => {
    const fetchMock = serve();
    const wrapper = await renderRules();

    await wrapper.find('[data-test="rules-rescan"]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-test="rescan-run"]').trigger('click');

    await vi.waitFor(() => expect(document.querySelector('[data-test="rescan-result"]')).not.toBeNull());
    expect(document.querySelector('[data-test="rescan-result"]')?.textContent).toContain(
      '扫描了 1200 条消息，新发现 3 条违规',
    );
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/audit-rules/rescan') ?? [];
    const body = JSON.parse(String(init?.body)) as { from: string; to: string };
    expect(body.from).toMatch(/T00:00:00\.000\+08:00$/);
    expect(body.to).toMatch(/T23:59:59\.999\+08:00$/);
  });

  it('shows the rules read-only to a manager', async () => {
    serve();
    const wrapper = await renderRules(['manager']);

    expect(wrapper.find('[data-test="rules-create"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="rule-edit-1"]').exists()).toBe(false);
  });
});
