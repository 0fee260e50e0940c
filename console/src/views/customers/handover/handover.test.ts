import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { HandoverCase, HandoverItem, PlanPreview } from '@keeper/shared';
import SideMenu from '@/layout/components/SideMenu.vue';
import { useRealtimeStore } from '@/stores/realtime.store';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeHandoverCase, makeHandoverItem, makeTotals, pageOf } from '@/test-utils/fixtures';
import CaseView from './detail/index.vue';
import DeparturesView from './index.vue';

interface World {
  cases?: HandoverCase[];
  handoverCase?: HandoverCase;
  items?: HandoverItem[];
  preview?: PlanPreview;
  afterPlan?: HandoverCase;
}

function serve(world: World = {}) {
  const handoverCase = world.handoverCase ?? makeHandoverCase();
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    const method = init?.method ?? 'GET';
    if (path === '/api/reassign/cases') return jsonResponse(200, pageOf(world.cases ?? [handoverCase]));
    if (path === '/api/reassign/inbox') return jsonResponse(200, { open: 1 });
    if (path === `/api/reassign/cases/${handoverCase.id}`) return jsonResponse(200, handoverCase);
    if (path === `/api/reassign/cases/${handoverCase.id}/items`)
      return jsonResponse(200, pageOf(world.items ?? [makeHandoverItem()]));
    if (path === `/api/reassign/cases/${handoverCase.id}/preview` && method === 'POST')
      return jsonResponse(200, world.preview);
    if (path === `/api/reassign/cases/${handoverCase.id}/plan` && method === 'POST')
      return jsonResponse(200, world.afterPlan ?? handoverCase);
    if (path === `/api/reassign/cases/${handoverCase.id}/replan` && method === 'POST')
      return jsonResponse(200, handoverCase);
    if (path === '/api/org/members')
      return jsonResponse(
        200,
        pageOf([{ userId: 'LiLei', name: '李雷', departmentIds: [], position: null, status: 'active' }]),
      );
    if (path === '/api/tags') return jsonResponse(200, []);
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const requests = (fetchMock: ReturnType<typeof serve>, path: string) =>
  fetchMock.mock.calls
    .map(([url, init]) => ({ url: new URL(url, 'http://console.test'), init }))
    .filter(({ url }) => url.pathname === path);

async function renderCase(world: World = {}) {
  const fetchMock = serve(world);
  const app = createTestApp(makeMe(['manager']));
  await app.router.push('/customers/handover/c1');
  const page = mount(CaseView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(page.find('[data-test="handover-case-header"]').exists()).toBe(true));
  await flushPromises();
  return { page, fetchMock };
}

describe('the departures inbox', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists the open departures with the deadline warning and the totals, and reloads when one arrives', async () => {
    const fetchMock = serve();
    const app = createTestApp(makeMe(['manager']));
    await app.router.push('/customers/handover');
    const page = mount(DeparturesView, { global: { plugins: app.plugins }, attachTo: document.body });
    await vi.waitFor(() => expect(page.find('[data-test="handover-case-row-c1"]').exists()).toBe(true));

    const row = page.find('[data-test="handover-case-row-c1"]');
    expect(row.text()).toContain('韩梅梅');
    expect(row.text()).toContain('销售部');
    expect(row.text()).toContain('2025-03-01');
    expect(row.text()).toContain('2026-03-01');
    expect(row.find('[data-test="handover-deadline-c1"]').text()).toMatch(/剩余 \d+ 天|已过期/);
    expect(row.text()).toContain('0 / 3');
    expect(row.text()).toContain('待处理');
    expect(row.text()).toContain('系统（员工离职时自动创建）');
    expect(
      requests(fetchMock, '/api/reassign/cases').map(({ url }) => Object.fromEntries(url.searchParams)),
    ).toEqual([{ page: '1', pageSize: '20', inbox: 'true' }]);

    // A member leaves: the server pushes the new count, and the inbox asks again.
    useRealtimeStore().receiveHandoverInbox({ open: 2 });
    await vi.waitFor(() => expect(requests(fetchMock, '/api/reassign/cases')).toHaveLength(2));

    await page.findComponent({ name: 'ElTabs' }).vm.$emit('tab-change', 'all');
    await vi.waitFor(() => expect(requests(fetchMock, '/api/reassign/cases')).toHaveLength(3));
    expect(Object.fromEntries(requests(fetchMock, '/api/reassign/cases')[2]!.url.searchParams)).toEqual({
      page: '1',
      pageSize: '20',
      kind: 'resigned',
    });
  });

  it('shows the 离职继承 entry with its live count to managers only', async () => {
    serve();
    const app = createTestApp(makeMe(['manager']));
    await app.router.push('/home');
    const menu = mount(SideMenu, { props: { collapsed: false }, global: { plugins: app.plugins } });
    useRealtimeStore().receiveHandoverInbox({ open: 2 });
    await flushPromises();
    const text = menu.find('[data-test="side-menu"]').text();
    for (const title of ['离职继承', '在职继承', '交接记录']) expect(text).toContain(title);
    expect(menu.find('[data-test="menu-badge-handoverInbox"]').text()).toBe('2');
    menu.unmount();

    const staff = createTestApp(makeMe(['staff']));
    await staff.router.push('/home');
    const staffMenu = mount(SideMenu, { props: { collapsed: false }, global: { plugins: staff.plugins } });
    expect(staffMenu.text()).not.toContain('离职继承');
    await staff.router.push('/customers/handover/c1');
    expect(staff.router.currentRoute.value.name).toBe('forbidden');
  });
});

describe('the handover addresses', () => {
  it('keep the on-duty and records pages apart from a case id, and a case under the menu entry of its kind', async () => {
    const app = createTestApp(makeMe(['manager']));
    const names: Record<string, string> = {
      '/customers/handover': 'handover-departures',
      '/customers/handover/on-job': 'handover-on-job',
      '/customers/handover/records': 'handover-records',
      '/customers/handover/12': 'handover-case',
      '/customers/handover/on-job/12': 'handover-on-job-case',
    };
    for (const [path, name] of Object.entries(names)) {
      await app.router.push(path);
      expect(app.router.currentRoute.value.name, path).toBe(name);
    }
    expect(app.router.currentRoute.value.meta.activeMenu).toBe('/customers/handover/on-job');
  });
});

describe('a handover case', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('shows the member, the deadline, the progress that adds up, and each customer in Chinese', async () => {
    const { page } = await renderCase({
      handoverCase: makeHandoverCase({
        status: 'in_progress',
        customers: makeTotals({ done: 2, waiting: 1, refused: 1, skipped: 1 }),
        groups: makeTotals({ done: 1 }),
      }),
      items: [
        makeHandoverItem({ targetId: 'wm1', state: 'done', receiver: { userId: 'LiLei', name: '李雷' } }),
        makeHandoverItem({
          id: 'i2',
          targetId: 'wm2',
          state: 'rejected',
          reason: 'wecom_error',
          errcode: 40199,
        }),
        makeHandoverItem({ id: 'i3', targetId: 'wm3', state: 'skipped', reason: 'receiver_follows' }),
      ],
    });

    expect(page.find('[data-test="handover-case-title"]').text()).toBe('韩梅梅 · 离职继承');
    const header = page.find('[data-test="handover-case-header"]').text();
    expect(header).toContain('销售部');
    expect(header).toContain('2025-03-01 10:00');
    expect(page.find('[data-test="handover-case-status"]').text()).toBe('交接中');
    expect(page.find('[data-test="progress-customers-selected"]').text()).toContain('5');
    expect(page.find('[data-test="progress-customers-done"]').text()).toContain('已接替');
    expect(page.find('[data-test="progress-customers-done"]').text()).toContain('2');
    expect(page.find('[data-test="progress-customers-refused"]').text()).toContain('客户拒绝');
    expect(page.find('[data-test="progress-customers-adds-up"]').exists()).toBe(true);
    expect(page.find('[data-test="handover-replan"]').text()).toContain('重新分配（1）');
    // Nothing left to plan: no planner.
    expect(page.find('[data-test="handover-planner"]').exists()).toBe(false);

    await vi.waitFor(() => expect(page.find('[data-test="handover-item-wm2"]').exists()).toBe(true));
    expect(page.find('[data-test="handover-item-wm1"]').text()).toContain('已接替');
    expect(page.find('[data-test="handover-item-wm1"]').text()).toContain('李雷');
    expect(page.find('[data-test="handover-item-wm2"]').text()).toContain('企业微信错误码 40199');
    expect(page.find('[data-test="handover-item-wm2"]').text()).toContain('未能发起');
    expect(page.find('[data-test="handover-item-wm3"]').text()).toContain('接替人已在跟进该客户');
  });

  it('previews a plan to one receiver, then starts exactly that plan once confirmed', async () => {
    const preview: PlanPreview = {
      go: 2,
      skip: 1,
      blocked: 0,
      groups: 1,
      byReceiver: [{ userId: 'LiLei', name: '李雷', customers: 2, groups: 1 }],
      byReason: [{ reason: 'receiver_follows', count: 1 }],
      rows: [
        {
          kind: 'customer',
          targetId: 'wm3',
          name: '赵六',
          receiver: { userId: 'LiLei', name: '李雷' },
          verdict: 'skip',
          reason: 'receiver_follows',
        },
      ],
      message: null,
    };
    const { page, fetchMock } = await renderCase({
      preview,
      afterPlan: makeHandoverCase({
        status: 'in_progress',
        customers: makeTotals({ planned: 2, skipped: 1 }),
      }),
    });
    const planner = page.find('[data-test="handover-planner"]');
    expect(planner.exists()).toBe(true);
    // A leaver's customers are not told anything: no message field.
    expect(page.find('[data-test="planner-message"]').exists()).toBe(false);

    // Without a receiver, nothing is asked.
    await page.find('[data-test="planner-preview"]').trigger('click');
    await flushPromises();
    expect(requests(fetchMock, '/api/reassign/cases/c1/preview')).toHaveLength(0);

    page.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'LiLei');
    await flushPromises();
    await page.find('[data-test="planner-preview"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('交接预览'));
    const [sent] = requests(fetchMock, '/api/reassign/cases/c1/preview');
    expect(JSON.parse(String(sent!.init?.body))).toEqual({
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['LiLei'] },
      includeGroups: true,
    });
    const dialog = document.querySelector('[data-test="handover-preview"]')!;
    expect(dialog.textContent).toContain('接替人已在跟进该客户，无需转接');
    expect(dialog.textContent).toContain('赵六');

    (document.querySelector('[data-test="planner-start"]') as HTMLElement).click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('将转接 2 位客户和 1 个客户群'));
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() => expect(requests(fetchMock, '/api/reassign/cases/c1/plan')).toHaveLength(1));
    expect(JSON.parse(String(requests(fetchMock, '/api/reassign/cases/c1/plan')[0]!.init?.body))).toEqual(
      JSON.parse(String(sent!.init?.body)),
    );
    await vi.waitFor(() => expect(page.find('[data-test="handover-case-status"]').text()).toBe('交接中'));
  });

  it('asks for the message on an on-duty case, with the default and the placeholder explained', async () => {
    const { page } = await renderCase({
      handoverCase: makeHandoverCase({
        kind: 'on_job',
        departedAt: null,
        deadline: null,
        deadlineWarning: 'none',
      }),
    });
    const message = page.find<HTMLTextAreaElement>('textarea[data-test="planner-message"]');
    expect(message.element.value).toBe('您好，我的工作已交接给同事{接替人}，后续由TA继续为您服务，请放心。');
    expect(page.find('[data-test="handover-planner"]').text()).toContain('{接替人} 会替换为接替人的姓名');
    expect(page.find('[data-test="handover-case-header"]').text()).not.toContain('交接期限');
  });

  it('sends what came back to one new receiver, and links the report for download', async () => {
    const { page, fetchMock } = await renderCase({
      handoverCase: makeHandoverCase({
        status: 'pending',
        customers: makeTotals({ done: 5, refused: 2, receiverFull: 1, noRecord: 1, rejected: 1 }),
        groups: makeTotals({ done: 1 }),
      }),
    });
    expect(page.find('[data-test="handover-replan"]').text()).toBe('重新分配（5）');

    await page.find('[data-test="handover-replan"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-test="handover-replan-dialog"]')?.textContent).toContain(
      '无转接记录的 5 位客户将交给另一位同事',
    );
    page.findAllComponents({ name: 'ElSelect' }).at(-1)!.vm.$emit('update:modelValue', 'LiLei');
    await flushPromises();
    (document.querySelector('[data-test="handover-replan-submit"]') as HTMLElement).click();
    await vi.waitFor(() => expect(requests(fetchMock, '/api/reassign/cases/c1/replan')).toHaveLength(1));
    expect(JSON.parse(String(requests(fetchMock, '/api/reassign/cases/c1/replan')[0]!.init?.body))).toEqual({
      receiver: 'LiLei',
    });

    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.getAttribute('href') ?? '');
    });
    await page.find('[data-test="handover-export"]').trigger('click');
    expect(click).toHaveBeenCalledOnce();
    expect(clicked).toEqual(['/api/reassign/cases/c1/export']);
  });

  it('refetches the case and its customers when the server reports progress on it, not on another', async () => {
    const { fetchMock } = await renderCase();
    const before = requests(fetchMock, '/api/reassign/cases/c1').length;
    const realtime = useRealtimeStore();

    realtime.receiveHandoverProgress('c2');
    await flushPromises();
    expect(requests(fetchMock, '/api/reassign/cases/c1')).toHaveLength(before);

    realtime.receiveHandoverProgress('c1');
    await vi.waitFor(() => expect(requests(fetchMock, '/api/reassign/cases/c1')).toHaveLength(before + 1));
    await vi.waitFor(() =>
      expect(requests(fetchMock, '/api/reassign/cases/c1/items').length).toBeGreaterThan(1),
    );
  });
});
