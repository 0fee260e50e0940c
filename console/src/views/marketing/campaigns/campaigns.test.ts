import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@keeper/shared';
import { useRealtimeStore } from '@/stores/realtime.store';
import { makeCampaign, makeFunnel } from '@/test-utils/fixtures';
import { createTestApp, makeMe } from '@/test-utils/harness';
import { requestsTo, serveMarketing, type MarketingWorld } from '@/test-utils/marketing-server';
import CampaignsView from './index.vue';

const running = makeCampaign({
  id: '11',
  name: '三月老客户回访',
  status: 'running',
  submittedAt: '2025-03-01T02:00:00.000Z',
  funnel: makeFunnel({ audience: 12_200, submitted: 12_000, sent: 8_000 }),
});
const pending = makeCampaign({ id: '12', name: '新品预告', status: 'pending_approval', kind: 'groups' });
const draft = makeCampaign({ id: '13', name: '周会通知', status: 'draft', kind: 'staff' });

async function renderList(roles: Role[], world: MarketingWorld = {}, firstRow = '12') {
  const fetchMock = serveMarketing({ campaigns: [running, pending, draft], ...world });
  const app = createTestApp(makeMe(roles));
  await app.router.push('/marketing/campaigns');
  const page = mount(CampaignsView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(page.find(`[data-test="campaign-row-${firstRow}"]`).exists()).toBe(true));
  await flushPromises();
  return { page, fetchMock };
}

describe('the campaign list', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('shows each campaign with its kind and status in words, its figures and submission in China time', async () => {
    const { page } = await renderList(['marketer']);

    const row = page.find('[data-test="campaign-row-11"]');
    expect(row.text()).toContain('三月老客户回访');
    expect(row.text()).toContain('客户群发');
    expect(page.find('[data-test="campaign-status-11"]').text()).toBe('发送中');
    expect(page.find('[data-test="campaign-figures-11"]').text()).toContain('受众 12,200');
    expect(page.find('[data-test="campaign-figures-11"]').text()).toContain('已发送 8,000 / 已提交 12,000');
    expect(row.text()).toContain('2025-03-01 10:00');
    expect(row.text()).toContain('韩梅梅');
    expect(page.find('[data-test="campaign-status-12"]').text()).toBe('待审批');
    expect(page.find('[data-test="campaign-row-12"]').text()).toContain('客户群群发');
    expect(page.find('[data-test="campaign-row-13"]').text()).toContain('员工通知');
    // No raw codes on a Chinese page.
    expect(page.text()).not.toMatch(/pending_approval|running|customers|staff/);
  });

  it('lets a marketer create, edit drafts and delete them, but not approve', async () => {
    const { page, fetchMock } = await renderList(['marketer']);

    expect(page.find('[data-test="campaigns-new"]').exists()).toBe(true);
    expect(page.find('[data-test="campaign-edit-13"]').exists()).toBe(true);
    expect(page.find('[data-test="campaign-edit-11"]').exists()).toBe(false);
    expect(page.find('[data-test="campaign-review-12"]').exists()).toBe(false);
    expect(page.find('[data-test="campaigns-settings"]').exists()).toBe(false);
    expect(page.find('[data-test="campaigns-pending-banner"]').exists()).toBe(false);

    await page.find('[data-test="campaign-delete-13"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('删除草稿「周会通知」吗？'));
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/broadcasts/13', 'DELETE')).toHaveLength(1));
  });

  it('opens on what waits for a manager’s approval, with nothing to create or edit', async () => {
    const { page, fetchMock } = await renderList(['manager']);

    expect(requestsTo(fetchMock, '/api/broadcasts', 'GET')[0]!.query).toMatchObject({
      status: 'pending_approval',
    });
    expect(page.find('[data-test="campaign-review-12"]').text()).toBe('去审批');
    expect(page.find('[data-test="campaigns-new"]').exists()).toBe(false);
    expect(page.find('[data-test="campaign-edit-13"]').exists()).toBe(false);
    expect(page.find('[data-test="campaign-delete-13"]').exists()).toBe(false);
    // A manager scoped to departments does not set the corp's rules.
    expect(page.find('[data-test="campaigns-settings"]').exists()).toBe(false);
  });

  it('points an admin who sees all campaigns to those awaiting approval', async () => {
    const { page, fetchMock } = await renderList(['admin']);

    expect(page.find('[data-test="campaigns-pending-banner"]').text()).toContain('有 1 个群发等待审批');
    await page.find('[data-test="campaigns-show-pending"]').trigger('click');
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, '/api/broadcasts', 'GET').at(-1)!.query).toMatchObject({
        status: 'pending_approval',
      }),
    );
  });

  it('gives the settings to a corp-wide admin: the receive rule and approval', async () => {
    const { page, fetchMock } = await renderList(['admin']);

    await page.find('[data-test="campaigns-settings"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-test="settings-rule-day"]')).not.toBeNull());
    const dialog = document.querySelector('[data-test="broadcast-settings"]')!;
    for (const text of ['每天1条', '每周7条', '每月按天数', '群发需要审批'])
      expect(dialog.textContent).toContain(text);

    (document.querySelector('[data-test="settings-rule-week"] input') as HTMLInputElement).click();
    (document.querySelector('[data-test="settings-approval"]') as HTMLElement).click();
    await flushPromises();
    (document.querySelector('[data-test="settings-save"]') as HTMLElement).click();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/broadcasts/settings', 'PUT')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/broadcasts/settings', 'PUT')[0]!.body).toEqual({
      receiveRule: 'week',
      approvalRequired: true,
    });
  });

  it('filters by status and kind, and reloads when a campaign on the page moves', async () => {
    const { page, fetchMock } = await renderList(['marketer']);
    const lists = () => requestsTo(fetchMock, '/api/broadcasts', 'GET');
    const before = lists().length;

    page.findAllComponents({ name: 'ElSelect' })[1]!.vm.$emit('update:modelValue', 'staff');
    await vi.waitFor(() => expect(lists()).toHaveLength(before + 1));
    expect(lists().at(-1)!.query).toMatchObject({ kind: 'staff', page: '1' });

    useRealtimeStore().receiveBroadcastProgress('11');
    await vi.waitFor(() => expect(lists()).toHaveLength(before + 2));
  });
});
