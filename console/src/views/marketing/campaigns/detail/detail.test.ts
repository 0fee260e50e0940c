import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@keeper/shared';
import { useRealtimeStore } from '@/stores/realtime.store';
import { makeCampaign, makeRunningFunnel } from '@/test-utils/fixtures';
import { createTestApp, makeMe } from '@/test-utils/harness';
import { requestsTo, serveMarketing, type MarketingWorld } from '@/test-utils/marketing-server';
import CampaignView from './index.vue';

// happy-dom has no canvas; the chart component is replaced by one that shows the flows it was given.
vi.mock('vue-echarts', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true } },
    setup: (props) => () => h('div', { class: 'chart-stub' }, JSON.stringify(props.option.series)),
  }),
}));

const running = makeCampaign({
  status: 'running',
  submittedAt: '2025-03-01T02:00:00.000Z',
  deadlineAt: '2025-03-08T02:00:00.000Z',
  tasks: 4,
  funnel: makeRunningFunnel(),
  remindersLeft: 2,
});

async function renderCampaign(roles: Role[], world: MarketingWorld = {}) {
  const fetchMock = serveMarketing({ campaign: running, ...world });
  const app = createTestApp(makeMe(roles));
  await app.router.push('/marketing/campaigns/11');
  const page = mount(CampaignView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(page.find('[data-test="campaign-facts"]').exists()).toBe(true));
  await flushPromises();
  return { page, fetchMock, router: app.router };
}

describe('a campaign', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('draws the funnel and lists figures that add up: audience, excluded by reason, submitted and its ends', async () => {
    const { page } = await renderCampaign(['marketer'], {
      recipients: [
        {
          targetId: 'wm1',
          name: '王五',
          sender: { userId: 'LiLei', name: '李雷' },
          state: 'sent',
          reason: null,
          sentAt: '2025-03-01T03:00:00.000Z',
        },
        {
          targetId: 'wm2',
          name: '赵六',
          sender: null,
          state: 'excluded',
          reason: 'receive_rule',
          sentAt: null,
        },
      ],
    });

    expect(page.find('[data-test="campaign-status"]').text()).toBe('发送中');
    expect(page.find('[data-test="funnel-audience"]').text()).toContain('12,200');
    expect(page.find('[data-test="funnel-excluded"]').text()).toContain('200');
    expect(page.find('[data-test="funnel-submitted"]').text()).toContain('12,000');
    expect(page.find('[data-test="funnel-sent"]').text()).toContain('8,000');
    expect(page.find('[data-test="funnel-rate"]').text()).toContain('66');
    const line = (key: string) => page.find(`[data-test="funnel-line-${key}"]`).text();
    expect(line('reason.receive_rule')).toBe('超出客户接收上限150');
    expect(line('reason.recently_reached')).toBe('近期已被其他群发触达50');
    expect(line('sent')).toBe('已发送8,000');
    expect(line('notFriend')).toBe('非好友1');
    expect(line('limitReached')).toBe('已收到其他群发1');
    expect(line('pending')).toBe('未发送3,990');
    expect(line('unsendable')).toBe('无法发送8');
    expect(page.find('[data-test="funnel-adds-up"]').exists()).toBe(true);
    expect(page.find('[data-test="funnel-synced"]').text()).toBe('结果同步于 2025-03-02 11:00:00');

    await vi.waitFor(() => expect(page.find('[data-test="funnel-chart"] .chart-stub').exists()).toBe(true));
    const [sankey] = JSON.parse(page.find('[data-test="funnel-chart"] .chart-stub').text());
    expect(sankey.type).toBe('sankey');
    expect(sankey.links).toContainEqual({ source: '已提交', target: '已发送', value: 8000 });

    // Per sender: who confirmed in WeCom.
    expect(page.find('[data-test="funnel-confirmed-LiLei"]').text()).toBe('已发送');
    expect(page.find('[data-test="funnel-confirmed-HanMeimei"]').text()).toBe('未发送');

    await vi.waitFor(() => expect(page.find('[data-test="recipient-wm2"]').exists()).toBe(true));
    expect(page.find('[data-test="recipient-state-wm1"]').text()).toBe('已发送');
    expect(page.find('[data-test="recipient-wm1"]').text()).toContain('李雷');
    expect(page.find('[data-test="recipient-wm1"]').text()).toContain('2025-03-01 11:00');
    expect(page.find('[data-test="recipient-wm2"]').text()).toContain('超出客户接收上限');
  });

  it('filters the recipients by state, from the first page', async () => {
    const { page, fetchMock } = await renderCampaign(['marketer']);
    const lists = () => requestsTo(fetchMock, '/api/broadcasts/11/recipients', 'GET');
    await vi.waitFor(() => expect(lists().length).toBeGreaterThan(0));
    const before = lists().length;

    page
      .findAllComponents({ name: 'ElSelect' })
      .find((select) => select.attributes('data-test') === 'recipients-state')!
      .vm.$emit('update:modelValue', 'not_friend');
    await vi.waitFor(() => expect(lists()).toHaveLength(before + 1));
    expect(lists().at(-1)!.query).toMatchObject({ state: 'not_friend', page: '1' });
  });

  it('reminds the members who have not sent, saying how many WeCom reminders are left today', async () => {
    const { page, fetchMock } = await renderCampaign(['marketer'], {
      remind: { reminded: 1, remindersLeft: 1 },
    });

    await page.find('[data-test="campaign-remind"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-test="remind-left"]')).not.toBeNull());
    expect(document.querySelector('[data-test="remind-left"]')!.textContent).toContain('今日还可提醒 2 次');

    (document.querySelector('[data-test="remind-via-bot"] input') as HTMLInputElement).click();
    await flushPromises();
    (document.querySelector('[data-test="remind-submit"]') as HTMLElement).click();
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, '/api/broadcasts/11/remind', 'POST')).toHaveLength(1),
    );
    expect(requestsTo(fetchMock, '/api/broadcasts/11/remind', 'POST')[0]!.body).toEqual({ via: 'bot' });
    await vi.waitFor(() => expect(document.body.textContent).toContain('已提醒 1 位成员'));
  });

  it('offers no WeCom reminder once the three of the day are used', async () => {
    const { page } = await renderCampaign(['marketer'], { campaign: { ...running, remindersLeft: 0 } });

    await page.find('[data-test="campaign-remind"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-test="remind-left"]')).not.toBeNull());
    expect(document.querySelector('[data-test="remind-left"]')!.textContent).toContain('今日还可提醒 0 次');
    expect(
      (document.querySelector('[data-test="remind-via-wecom"] input') as HTMLInputElement).disabled,
    ).toBe(true);
  });

  it('refreshes, cancels with a confirmation, and downloads the report', async () => {
    const { page, fetchMock } = await renderCampaign(['marketer'], { after: { cancel: 'cancelled' } });

    await page.find('[data-test="campaign-refresh"]').trigger('click');
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, '/api/broadcasts/11/refresh', 'POST')).toHaveLength(1),
    );

    await page.find('[data-test="campaign-cancel"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('取消群发「三月老客户回访」吗？'));
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() => expect(page.find('[data-test="campaign-status"]').text()).toBe('已取消'));
    expect(page.find('[data-test="campaign-cancel"]').exists()).toBe(false);

    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.getAttribute('href') ?? '');
    });
    await page.find('[data-test="campaign-export"]').trigger('click');
    expect(clicked).toEqual(['/api/broadcasts/11/export']);
  });

  it('lets a manager approve or reject a campaign awaiting approval, and a marketer neither', async () => {
    // Submitted for approval, not yet to WeCom: no funnel to show.
    const awaiting = makeCampaign({ status: 'pending_approval', submittedAt: '2025-03-01T02:00:00.000Z' });
    const manager = await renderCampaign(['manager'], { campaign: awaiting, after: { reject: 'rejected' } });
    expect(manager.page.find('[data-test="campaign-approve"]').exists()).toBe(true);
    expect(manager.page.find('[data-test="campaign-cancel"]').exists()).toBe(false);
    expect(manager.page.find('[data-test="campaign-edit"]').exists()).toBe(false);
    expect(manager.page.find('[data-test="campaign-not-sent"]').text()).toContain(
      '等待经理审批，批准后才会发送',
    );

    await manager.page.find('[data-test="campaign-reject"]').trigger('click');
    await flushPromises();
    (document.querySelector('[data-test="reject-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(document.body.textContent).toContain('请填写驳回原因');
    expect(requestsTo(manager.fetchMock, '/api/broadcasts/11/reject')).toHaveLength(0);

    const reason = document.querySelector('textarea[data-test="reject-reason"]') as HTMLTextAreaElement;
    reason.value = '优惠力度需要再确认';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    (document.querySelector('[data-test="reject-submit"]') as HTMLElement).click();
    await vi.waitFor(() =>
      expect(requestsTo(manager.fetchMock, '/api/broadcasts/11/reject', 'POST')).toHaveLength(1),
    );
    expect(requestsTo(manager.fetchMock, '/api/broadcasts/11/reject', 'POST')[0]!.body).toEqual({
      reason: '优惠力度需要再确认',
    });
    await vi.waitFor(() => expect(manager.page.find('[data-test="campaign-status"]').text()).toBe('已驳回'));
    manager.page.unmount();
    document.body.innerHTML = '';

    const marketer = await renderCampaign(['marketer'], { campaign: awaiting });
    expect(marketer.page.find('[data-test="campaign-approve"]').exists()).toBe(false);
    expect(marketer.page.find('[data-test="campaign-reject"]').exists()).toBe(false);
    expect(marketer.page.find('[data-test="campaign-cancel"]').exists()).toBe(true);
  });

  it('shows nothing a manager could change on a running campaign, beyond syncing and the report', async () => {
    const { page } = await renderCampaign(['manager']);
    for (const action of ['remind', 'cancel', 'edit', 'delete', 'approve']) {
      expect(page.find(`[data-test="campaign-${action}"]`).exists(), action).toBe(false);
    }
    expect(page.find('[data-test="campaign-refresh"]').exists()).toBe(true);
    expect(page.find('[data-test="campaign-export"]').exists()).toBe(true);
  });

  it('refetches when the server reports progress on this campaign, not on another', async () => {
    const { fetchMock } = await renderCampaign(['marketer']);
    const loads = () => requestsTo(fetchMock, '/api/broadcasts/11', 'GET').length;
    const funnels = () => requestsTo(fetchMock, '/api/broadcasts/11/funnel', 'GET').length;
    const before = { campaign: loads(), funnel: funnels() };

    useRealtimeStore().receiveBroadcastProgress('99');
    await flushPromises();
    expect(loads()).toBe(before.campaign);

    useRealtimeStore().receiveBroadcastProgress('11');
    await vi.waitFor(() => expect(loads()).toBe(before.campaign + 1));
    await vi.waitFor(() => expect(funnels()).toBe(before.funnel + 1));
  });
});
