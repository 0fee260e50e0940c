import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { AuditRule, Department, Role, Scope } from '@keeper/shared';
import { setI18nLocale } from '@/locales';
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

const standardRules = (): AuditRule[] => [
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
];

const finishedJob = rescanJob({
  status: 'done',
  scanned: 1200,
  created: 3,
  finishedAt: '2025-03-01T02:01:00.000Z',
});

/** `running`: the recent re-scans; job 5 answers running once, then `ending`. */
function serve(
  running: unknown[] = [],
  {
    rules = standardRules(),
    departments = [],
    ending = finishedJob,
  }: { rules?: AuditRule[]; departments?: Department[]; ending?: unknown } = {},
) {
  let polls = 0;
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    if (path === '/api/audit-rules' && init?.method === 'POST') {
      return jsonResponse(200, makeAuditRule({ id: '9', ...JSON.parse(String(init.body)) }));
    }
    if (path === '/api/audit-rules') return jsonResponse(200, rules);
    if (path === '/api/archive/rescans' && init?.method !== 'POST') return jsonResponse(200, running);
    if (path === '/api/archive/rescans' && init?.method === 'POST')
      return jsonResponse(202, rescanJob({ status: 'queued', scanned: 0, created: 0 }));
    if (path === '/api/archive/rescans/5') {
      polls++;
      return jsonResponse(200, polls === 1 ? rescanJob() : ending);
    }
    if (path === '/api/org/overview')
      return jsonResponse(200, {
        departments,
        counts: { active: 0, disabled: 0, inactive: 0, departed: 0 },
        lastSync: null,
      });
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** An auditor of the whole corp unless a scope is given. */
async function renderRules(roles: Role[] = ['auditor'], scope: Scope = { all: true, departmentIds: [] }) {
  const app = createTestApp(makeMe(roles, { scope }));
  await app.router.push('/audit/rules');
  const wrapper = mount(RulesView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-test="rule-row-1"]').exists()).toBe(true));
  return wrapper;
}

/** The text a tooltip shows on hover around the element marked `dataTest`, or null without one. */
function tooltipOf(wrapper: ReturnType<typeof mount>, dataTest: string): string | null {
  const tooltip = wrapper
    .findAllComponents({ name: 'ElTooltip' })
    .find((each) => each.find(`[data-test="${dataTest}"]`).exists());
  if (!tooltip || tooltip.props('disabled')) return null;
  return String(tooltip.props('content'));
}

const department = (id: string, name: string, parentId: string | null): Department => ({
  id,
  name,
  parentId,
  order: 1,
  memberCount: 3,
});
/** What the server answers an account scoped to 华东销售部: that department and its sub-tree. */
const eastDepartments = [department('2', '华东销售部', null), department('21', '上海组', '2')];
const eastScope: Scope = { all: false, departmentIds: ['2'] };

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

  it('offers a department-scoped auditor only its own departments’ rules, and says why the rest are locked', async () => {
    const fetchMock = serve([], {
      departments: eastDepartments,
      rules: [
        makeAuditRule(),
        makeAuditRule({ id: '4', name: '上海组报价', departmentIds: ['21'] }),
        makeAuditRule({ id: '5', name: '华东与华北', departmentIds: ['2', '3'] }),
      ],
    });
    const wrapper = await renderRules(['auditor'], eastScope);
    await vi.waitFor(() => expect(wrapper.find('[data-test="rule-row-4"]').text()).toContain('上海组'));
    // A department outside the scope has no name the account may see: it is counted, not shown as an id.
    expect(wrapper.find('[data-test="rule-row-5"]').text()).toContain('华东销售部、其他 1 个部门');

    const disabled = (dataTest: string) => wrapper.find(`[data-test="${dataTest}"]`).attributes('disabled');
    // A rule aimed at a sub-department of theirs is theirs to change.
    expect(disabled('rule-edit-4')).toBeUndefined();
    expect(disabled('rule-delete-4')).toBeUndefined();
    expect(wrapper.find('[data-test="rule-enabled-4"]').classes()).not.toContain('is-disabled');
    expect(tooltipOf(wrapper, 'rule-enabled-4')).toBeNull();
    // A rule for everyone, and one reaching another department, are not.
    for (const id of ['1', '5']) {
      expect(disabled(`rule-edit-${id}`)).toBeDefined();
      expect(disabled(`rule-delete-${id}`)).toBeDefined();
      expect(wrapper.find(`[data-test="rule-enabled-${id}"]`).classes()).toContain('is-disabled');
    }
    expect(tooltipOf(wrapper, 'rule-edit-1')).toBe('适用于全部员工的规则只能由可查看全公司的账号修改');
    expect(tooltipOf(wrapper, 'rule-enabled-1')).toBe('适用于全部员工的规则只能由可查看全公司的账号修改');
    expect(tooltipOf(wrapper, 'rule-edit-5')).toBe('此规则涉及您管辖范围以外的部门，不能修改');
    // A re-scan reaches the whole corp's chats.
    expect(disabled('rules-rescan')).toBeDefined();
    expect(tooltipOf(wrapper, 'rules-rescan')).toBe('重新扫描覆盖全公司的聊天，需要可查看全公司的账号');
    await wrapper.find('[data-test="rules-rescan"]').trigger('click');
    await wrapper.find('[data-test="rule-edit-5"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-test="rescan-dialog"]')).toBeNull();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method && init.method !== 'GET')).toBe(false);

    setI18nLocale('en');
    try {
      await flushPromises();
      expect(tooltipOf(wrapper, 'rules-rescan')).toBe(
        'A re-scan covers the whole corp’s chats and needs an account that sees the whole corp',
      );
      expect(tooltipOf(wrapper, 'rule-edit-5')).toBe(
        'This rule covers departments outside your scope, so you cannot change it',
      );
    } finally {
      setI18nLocale('zh-CN');
    }
  });

  it('makes a department-scoped auditor aim a new rule at departments of theirs', async () => {
    const fetchMock = serve([], { departments: eastDepartments });
    const wrapper = await renderRules(['auditor'], eastScope);

    await wrapper.find('[data-test="rules-create"]').trigger('click');
    await flushPromises();
    await wrapper.find('input[data-test="rule-form-name"]').setValue('上海组报价');
    await wrapper.find('textarea[data-test="rule-form-patterns"]').setValue('返点');
    await wrapper.find('[data-test="rule-form-submit"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('请选择规则适用的部门'));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    wrapper
      .findAllComponents({ name: 'ElTreeSelect' })
      .find((each) => each.attributes('data-test') === 'rule-form-departments')!
      .vm.$emit('update:modelValue', ['21']);
    await flushPromises();
    await wrapper.find('[data-test="rule-form-submit"]').trigger('click');
    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(true),
    );
    const [, init] = fetchMock.mock.calls.find(([, options]) => options?.method === 'POST') ?? [];
    expect(JSON.parse(String(init?.body))).toMatchObject({ name: '上海组报价', departmentIds: ['21'] });
  });

  it('offers no new rule to an auditor assigned no department, and says why', async () => {
    serve();
    const wrapper = await renderRules(['auditor'], { all: false, departmentIds: [] });

    expect(wrapper.find('[data-test="rules-create"]').attributes('disabled')).toBeDefined();
    expect(tooltipOf(wrapper, 'rules-create')).toBe('您的账号未分配管辖部门，没有可以设置规则的部门');
    await wrapper.find('[data-test="rules-create"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('input[data-test="rule-form-name"]')).toBeNull();
  });

  it('says in Chinese why a re-scan stopped', async () => {
    serve([rescanJob()], {
      ending: rescanJob({
        status: 'failed',
        finishedAt: '2025-03-01T02:01:00.000Z',
        failure: {
          code: 'database_unavailable',
          params: {},
          detail: 'Connection lost: The server closed the connection.',
        },
      }),
    });
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

  it('counts a rule’s patterns in words that agree with the number', async () => {
    serve([], {
      rules: [
        makeAuditRule({ id: '1', patterns: ['私账'] }),
        makeAuditRule({ id: '2', name: '私单', patterns: ['私单', '飞单'] }),
      ],
    });
    const wrapper = await renderRules();
    expect(wrapper.find('[data-test="rule-row-1"]').text()).toContain('1 条');
    setI18nLocale('en');
    try {
      await flushPromises();
      expect(wrapper.find('[data-test="rule-row-1"]').text()).toContain('1 entry');
      expect(wrapper.find('[data-test="rule-row-1"]').text()).not.toContain('1 entries');
      expect(wrapper.find('[data-test="rule-row-2"]').text()).toContain('2 entries');
    } finally {
      setI18nLocale('zh-CN');
    }
  });

  it('shows the rules read-only to a manager', async () => {
    serve();
    const wrapper = await renderRules(['manager']);

    expect(wrapper.find('[data-test="rules-create"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="rule-edit-1"]').exists()).toBe(false);
  });
});
