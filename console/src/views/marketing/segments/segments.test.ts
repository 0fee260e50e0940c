import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { makeSegment } from '@/test-utils/fixtures';
import { createTestApp, makeMe } from '@/test-utils/harness';
import { requestsTo, serveMarketing, type MarketingWorld } from '@/test-utils/marketing-server';
import CampaignFormView from '../campaigns/edit/index.vue';
import SegmentsView from './index.vue';

async function renderSegments(world: MarketingWorld = {}) {
  const fetchMock = serveMarketing({
    segments: [
      makeSegment(),
      makeSegment({
        id: 's2',
        name: '全部客户',
        description: null,
        lastCount: null,
        filter: { ...makeSegment().filter, tagConditions: [], silentDays: undefined },
      }),
    ],
    ...world,
  });
  const app = createTestApp(makeMe(['marketer']));
  await app.router.push('/marketing/segments');
  const page = mount(SegmentsView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(page.find('[data-test="segment-s1"]').exists()).toBe(true));
  await flushPromises();
  return { page, fetchMock, app };
}

describe('customer segments', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists each segment with its conditions, last count and when it changed', async () => {
    const { page } = await renderSegments();

    const row = page.find('[data-test="segments-table"]').text();
    expect(row).toContain('沉默 30 天的高意向客户');
    expect(row).toContain('用于召回');
    expect(row).toContain('2 个条件');
    expect(row).toContain('全部客户');
    expect(page.find('[data-test="segment-count-s1"]').text()).toBe('320 位客户');
    expect(page.find('[data-test="segment-count-s2"]').text()).toBe('—');
    expect(row).toContain('2025-03-01 10:00:00');
  });

  it('builds a new segment with the live count beside it, and saves its filter', async () => {
    const { page, fetchMock } = await renderSegments({
      count: ({ filter }) => ({
        customers: filter.silentDays ? 80 : 1_500,
        merged: 0,
        senders: 4,
        tookMs: 9,
      }),
    });

    await page.find('[data-test="segments-new"]').trigger('click');
    await vi.waitFor(() =>
      expect(document.querySelector('[data-test="audience-count-customers"]')).not.toBeNull(),
    );
    await vi.waitFor(() =>
      expect(document.querySelector('[data-test="audience-count-customers"]')!.textContent).toContain(
        '1,500',
      ),
    );

    const silent = document.querySelector('[data-test="audience-silent-on"] input') as HTMLInputElement;
    silent.click();
    await vi.waitFor(() =>
      expect(document.querySelector('[data-test="audience-count-customers"]')!.textContent).toContain('80'),
    );

    const name = document.querySelector('input[data-test="segment-name"]') as HTMLInputElement;
    name.value = '沉默客户';
    name.dispatchEvent(new Event('input'));
    await flushPromises();
    (document.querySelector('[data-test="segment-submit"]') as HTMLElement).click();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/broadcasts/segments', 'POST')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/broadcasts/segments', 'POST')[0]!.body).toMatchObject({
      name: '沉默客户',
      description: null,
      filter: { silentDays: 30, tagConditions: [] },
    });
  });

  it('deletes a segment after a confirmation', async () => {
    const { page, fetchMock } = await renderSegments();

    await page.find('[data-test="segment-delete-s1"]').trigger('click');
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('删除分群「沉默 30 天的高意向客户」吗？'),
    );
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, '/api/broadcasts/segments/s1', 'DELETE')).toHaveLength(1),
    );
  });

  it('starts a campaign from a segment: its audience, and the segment named while unchanged', async () => {
    const { page, fetchMock, app } = await renderSegments({
      preview: {
        audience: 320,
        merged: 0,
        excludedByReason: { receive_rule: 0, recently_reached: 0, sender_inactive: 0, lost: 0 },
        recipients: 320,
        senders: 2,
        tasks: 2,
        issues: [],
      },
    });

    await page.find('[data-test="segment-start-s1"]').trigger('click');
    await vi.waitFor(() =>
      expect(app.router.currentRoute.value.fullPath).toBe('/marketing/campaigns/new?segmentId=s1'),
    );
    // The router resets when its last app unmounts: the list stays mounted while the form opens.
    const form = mount(CampaignFormView, { global: { plugins: app.plugins }, attachTo: document.body });
    await vi.waitFor(() =>
      expect((form.find('[data-test="campaign-name"]').element as HTMLInputElement).value).toBe(
        '沉默 30 天的高意向客户',
      ),
    );
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, '/api/broadcasts/audience/count', 'POST').at(-1)!.body).toMatchObject({
        filter: { silentDays: 30, tagConditions: [{ mode: 'any', tagIds: ['et1'] }] },
      }),
    );

    for (const step of ['content', 'schedule', 'review']) {
      if (step === 'schedule') await form.find('[data-test="content-text"]').setValue('好久不见');
      await form.find('[data-test="campaign-next"]').trigger('click');
      await flushPromises();
    }
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/broadcasts', 'POST')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/broadcasts', 'POST')[0]!.body).toMatchObject({
      segmentId: 's1',
      audience: { silentDays: 30 },
    });
  });
});
