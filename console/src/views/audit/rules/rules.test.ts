import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeAuditRule } from '@/test-utils/fixtures';
import RulesView from './index.vue';
import { patternLines, patternProblem } from './rules';

const rescanJob = (overrides: Record<string, unknown> = {}) => ({
  id: '5',
  from: '2025-02-23T16:00:00.000Z',
  to: '2025-03-01T15:59:59.999Z',
  status: 'running',
  total: 1200,
  scanned: 400,
  created: 1,
  failure: null,
  requestedBy: 'auditor',
  createdAt: '2025-03-01T02:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

const finishedJob = rescanJob({
  status: 'done',
  scanned: 1200,
  created: 3,
  finishedAt: '2025-03-01T02:01:00.000Z',
});

/** `running`: the recent re-scans; job 5 answers running once, then `ending`. */
function serve(running: unknown[] = [], ending = finishedJob) {
  let polls = 0;
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    if (path === '/api/audit-rules' && init?.method === 'POST') {
      return jsonResponse(200, makeAuditRule({ id: '9', ...JSON.parse(String(init.body)) }));
    }
    if (path === '/api/audit-rules') {
      return jsonResponse(200, [
        makeAuditRule(),
        makeAuditRule({ id: '2', name: '撤回消息', kind: 'recall', patterns: [], builtIn: true }),
        makeAuditRule({
          id: '3',
          name: '旧的手机号规则',
          kind: 'regex',
          enabled: false,
          patterns: ['订单\\d+', '1\\d{10}(?!\\d)'],
          problem: {
            pattern: '1\\d{10}(?!\\d)',
            kind: 'lookahead',
            detail: 'invalid or unsupported Perl syntax: `(?!`',
          },
        }),
      ]);
    }
    if (path === '/api/archive/rescans' && init?.method !== 'POST') return jsonResponse(200, running);
    if (path === '/api/archive/rescans' && init?.method === 'POST')
      return jsonResponse(202, rescanJob({ status: 'queued', scanned: 0, created: 0 }));
    if (path === '/api/archive/rescans/5') {
      polls++;
      return jsonResponse(200, polls === 1 ? rescanJob() : ending);
    }
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
    const fetchMock = serve();
    const wrapper = await renderRules();

    const row = wrapper.find('[data-test="rule-row-1"]');
    expect(row.text()).toContain('关键词');
    expect(row.text()).toContain('3 条');
    expect(row.text()).toContain('转账、微信支付、私下');
    expect(row.text()).toContain('全部员工');
    expect(wrapper.find('[data-test="rule-problem-1"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="rule-problem-3"]').text()).toBe('未生效');
    // Switching it on says why it cannot run, and sends nothing.
    const switches = wrapper.findAllComponents({ name: 'ElSwitch' });
    switches.find((each) => each.attributes('data-test') === 'rule-enabled-3')!.vm.$emit('change', true);
    await vi.waitFor(() => expect(document.body.textContent).toContain('第 2 行使用了向前断言'));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);
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

  it('refuses in Chinese what the RE2 rule engine cannot run: backreferences, lookaheads, huge repeats', () => {
    expect(patternProblem('regex', ['(a)\\1'])).toBe(
      '第 1 行使用了反向引用（如 \\1），审计规则不支持：规则引擎要保证任何消息都能在线性时间内检查完，反向引用做不到',
    );
    expect(patternProblem('regex', ['订单', '1\\d{10}(?!\\d)'])).toBe(
      '第 2 行使用了向前断言（(?= 或 (?!），审计规则不支持；可以改用向后断言 (?<= 或 (?<!',
    );
    expect(patternProblem('regex', ['a{2000}'])).toBe('第 1 行的重复次数超过了 1000');
    // Runs in linear time on RE2, so it is accepted; lookbehinds and \u escapes too.
    expect(patternProblem('regex', ['(b+)+$', '(?<!\\d)1[3-9]\\d{9}', '[\\u4e00-\\u9fa5]+'])).toBeNull();
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

  it('queues a re-scan of a period, follows its progress and shows what was found', async () => {
    const fetchMock = serve();
    const wrapper = await renderRules();

    await wrapper.find('[data-test="rules-rescan"]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-test="rescan-run"]').trigger('click');

    const result = () => document.querySelector('[data-test="rescan-result"]')?.textContent ?? '';
    await vi.waitFor(() => expect(result()).toContain('已排队，稍后开始'));
    await vi.waitFor(() => expect(result()).toContain('正在扫描：400 / 1200 条消息，已新发现 1 条违规'), {
      timeout: 3_000,
    });
    await vi.waitFor(() => expect(result()).toContain('扫描了 1200 条消息，新发现 3 条违规'), {
      timeout: 3_000,
    });
    const [, init] =
      fetchMock.mock.calls.find(
        ([url, options]) => url === '/api/archive/rescans' && options?.method === 'POST',
      ) ?? [];
    const body = JSON.parse(String(init?.body)) as { from: string; to: string };
    expect(body.from).toMatch(/T00:00:00\.000\+08:00$/);
    expect(body.to).toMatch(/T23:59:59\.999\+08:00$/);
  });

  it('shows a re-scan still running when the dialog opens, and follows it to the end', async () => {
    serve([rescanJob()]);
    const wrapper = await renderRules();

    await wrapper.find('[data-test="rules-rescan"]').trigger('click');
    const result = () => document.querySelector('[data-test="rescan-result"]')?.textContent ?? '';
    await vi.waitFor(() => expect(result()).toContain('正在扫描：400 / 1200 条消息，已新发现 1 条违规'));
    await vi.waitFor(() => expect(result()).toContain('扫描了 1200 条消息，新发现 3 条违规'), {
      timeout: 3_000,
    });
  });

  it('says in Chinese why a re-scan stopped', async () => {
    serve(
      [rescanJob()],
      rescanJob({
        status: 'failed',
        finishedAt: '2025-03-01T02:01:00.000Z',
        failure: {
          code: 'database_unavailable',
          params: {},
          detail: 'Connection lost: The server closed the connection.',
        },
      }),
    );
    const wrapper = await renderRules();

    await wrapper.find('[data-test="rules-rescan"]').trigger('click');
    const result = () => document.querySelector('[data-test="rescan-result"]')?.textContent ?? '';
    await vi.waitFor(
      () =>
        expect(result()).toContain(
          '扫描中断：数据库没有响应或连接中断：请检查数据库服务。（已扫描的部分已保存，可以重新开始）',
        ),
      { timeout: 3_000 },
    );
    expect(result()).not.toContain('Connection lost');
  });

  it('shows the rules read-only to a manager', async () => {
    serve();
    const wrapper = await renderRules(['manager']);

    expect(wrapper.find('[data-test="rules-create"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="rule-edit-1"]').exists()).toBe(false);
  });
});
