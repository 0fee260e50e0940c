import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import type { Dashboard } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import DashboardPanel from './DashboardPanel.vue';

// happy-dom has no canvas; the chart component is replaced by one that shows which series it was given.
vi.mock('vue-echarts', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true } },
    setup: (props) => () =>
      h(
        'div',
        {
          class: 'chart-stub',
          'data-layout': JSON.stringify({ legend: props.option.legend, grid: props.option.grid }),
        },
        JSON.stringify(props.option.series),
      ),
  }),
}));

const empty: Dashboard = {
  totals: { customers: 0, activeCustomers: 0, lostCustomers: 0, members: 3, openAlerts: 0 },
  daily: [
    { day: '2025-03-01', added: 0, lost: 0 },
    { day: '2025-03-02', added: 0, lost: 0 },
  ],
  byMember: [{ userId: 'LiLei', name: '李雷', added: 0, lost: 0 }],
  byChannel: [],
};

const busy: Dashboard = {
  totals: { customers: 1200, activeCustomers: 1100, lostCustomers: 100, members: 12, openAlerts: 2 },
  daily: [
    { day: '2025-03-01', added: 5, lost: 1 },
    { day: '2025-03-02', added: 7, lost: 0 },
  ],
  byMember: Array.from({ length: 12 }, (_, i) => ({
    userId: `u${i}`,
    name: `员工${i}`,
    added: i + 1,
    lost: 0,
  })),
  byChannel: [
    { state: 'expo2025', added: 8 },
    { state: null, added: 4 },
  ],
};

function serve(answer: Dashboard) {
  const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, answer));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderPanel() {
  const app = createTestApp(makeMe(['manager']));
  await app.router.push('/home');
  return mount(DashboardPanel, { global: { plugins: app.plugins } });
}

describe('the customer dashboard', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('asks for the last 30 China days by default', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 17:00 UTC on 31 March is already 1 April in Shanghai.
    vi.setSystemTime(new Date('2025-03-31T17:00:00.000Z'));
    const fetchMock = serve(empty);
    await renderPanel();

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/dashboard?from=2025-03-03&to=2025-04-01');
  });

  it('draws no chart for an empty period, and says so', async () => {
    serve(empty);
    const wrapper = await renderPanel();

    await vi.waitFor(() => expect(wrapper.find('[data-test="dashboard-charts"]').exists()).toBe(true));
    expect(wrapper.find('[data-test="chart-daily"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="chart-by-member"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="chart-by-channel"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="chart-daily-empty"]').text()).toContain('所选日期内没有数据');
    expect(wrapper.find('[data-test="dashboard-total-members"]').text()).toContain('3');
  });

  it('draws the three charts from the data: per day, the top 10 members, the channels', async () => {
    serve(busy);
    const wrapper = await renderPanel();

    // The chart component is its own chunk (echarts): the first render waits for it to load.
    await vi.waitFor(
      () => expect(wrapper.find('[data-test="chart-daily"] .chart-stub').exists()).toBe(true),
      {
        timeout: 15_000,
      },
    );
    expect(wrapper.find('[data-test="dashboard-total-customers"]').text()).toContain('1,200');
    const daily = JSON.parse(wrapper.find('[data-test="chart-daily"] .chart-stub').text());
    expect(daily.map((series: { data: number[] }) => series.data)).toEqual([
      [5, 7],
      [1, 0],
    ]);
    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="chart-by-member"] .chart-stub').exists()).toBe(true),
    );
    const [added] = JSON.parse(wrapper.find('[data-test="chart-by-member"] .chart-stub').text());
    expect(added.data).toHaveLength(10);
    expect(Math.max(...added.data)).toBe(12);
    const [pie] = JSON.parse(wrapper.find('[data-test="chart-by-channel"] .chart-stub').text());
    expect(pie.data).toEqual([
      { name: 'expo2025', value: 8 },
      { name: '无渠道', value: 4 },
    ]);
  });

  it('puts the legends of the bar charts above the plot, clear of the axis labels', async () => {
    serve(busy);
    const wrapper = await renderPanel();

    await vi.waitFor(
      () => expect(wrapper.find('[data-test="chart-by-member"] .chart-stub').exists()).toBe(true),
      { timeout: 15_000 },
    );
    for (const chart of ['chart-daily', 'chart-by-member']) {
      const layout = JSON.parse(
        wrapper.find(`[data-test="${chart}"] .chart-stub`).attributes('data-layout')!,
      );
      // ECharts 6 draws a legend without a position at the bottom, over the x-axis labels.
      expect(layout.legend.top).toBe(0);
      expect(layout.grid.top).toBeGreaterThanOrEqual(30);
    }
  });
});
