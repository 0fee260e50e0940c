import { computed, onMounted, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { Permission, type Dashboard } from '@keeper/shared';
import { getDashboardApi } from '@/api/dashboard';
import { describeApiError } from '@/api/error-message';
import { useAuthStore } from '@/stores/auth.store';
import { shanghaiDay } from '@/utils/datetime';
import type { ChartOption } from './chart-option';

export const DEFAULT_RANGE_DAYS = 30;
export const TOP_MEMBERS = 10;

/**
 * The customer overview: totals and three charts for a range of China calendar days (the last 30 by default).
 * A chart is built only when its series has something other than zeros; otherwise the page says so.
 */
/**
 * ECharts 6 puts a legend at the bottom by default, over the x-axis labels; above the plot it leaves the axis
 * alone (the grids below start under it).
 */
const LEGEND_ABOVE_PLOT = { top: 0, left: 'center' } as const;

export function useDashboard() {
  const { t } = useI18n();
  const canRead = computed(() => useAuthStore().can(Permission.CustomersRead));
  const range = ref<[string, string]>([shanghaiDay(DEFAULT_RANGE_DAYS - 1), shanghaiDay(0)]);
  const data = ref<Dashboard | null>(null);
  const loading = ref(false);
  const errorMessage = ref('');

  let sequence = 0;
  async function load(): Promise<void> {
    if (!canRead.value) return;
    const [from, to] = range.value;
    const ticket = ++sequence;
    loading.value = true;
    try {
      // Silent: the status cards below still matter when this fails; the panel says what went wrong.
      const result = await getDashboardApi({ from, to }, { silent: true });
      if (ticket !== sequence) return;
      data.value = result;
      errorMessage.value = '';
    } catch (error) {
      if (ticket === sequence) errorMessage.value = describeApiError(error);
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  function setRange(value: [string, string] | null): void {
    range.value = value ?? [shanghaiDay(DEFAULT_RANGE_DAYS - 1), shanghaiDay(0)];
  }

  const dailyOption = computed<ChartOption | null>(() => {
    const daily = data.value?.daily ?? [];
    if (!daily.some((day) => day.added > 0 || day.lost > 0)) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { ...LEGEND_ABOVE_PLOT, data: [t('dashboard.added'), t('dashboard.lost')] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: daily.map((day) => day.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboard.added'),
          type: 'bar',
          data: daily.map((day) => day.added),
          itemStyle: { color: '#409eff' },
        },
        {
          name: t('dashboard.lost'),
          type: 'line',
          smooth: true,
          data: daily.map((day) => day.lost),
          itemStyle: { color: '#f56c6c' },
        },
      ],
    };
  });

  const byMemberOption = computed<ChartOption | null>(() => {
    const top = (data.value?.byMember ?? [])
      .filter((member) => member.added > 0 || member.lost > 0)
      .sort((a, b) => b.added - a.added || a.lost - b.lost)
      .slice(0, TOP_MEMBERS)
      .reverse();
    if (!top.length) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { ...LEGEND_ABOVE_PLOT, data: [t('dashboard.added'), t('dashboard.lost')] },
      grid: { left: 80, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((member) => member.name) },
      series: [
        {
          name: t('dashboard.added'),
          type: 'bar',
          data: top.map((member) => member.added),
          itemStyle: { color: '#409eff' },
        },
        {
          name: t('dashboard.lost'),
          type: 'bar',
          data: top.map((member) => member.lost),
          itemStyle: { color: '#f56c6c' },
        },
      ],
    };
  });

  const byChannelOption = computed<ChartOption | null>(() => {
    const channels = (data.value?.byChannel ?? []).filter((channel) => channel.added > 0);
    if (!channels.length) return null;
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', orient: 'vertical', left: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['62%', '50%'],
          data: channels.map((channel) => ({
            name: channel.state ?? t('dashboard.noChannel'),
            value: channel.added,
          })),
        },
      ],
    };
  });

  watch(range, () => void load());
  onMounted(() => void load());

  return {
    canRead,
    range,
    data,
    loading,
    errorMessage,
    dailyOption,
    byMemberOption,
    byChannelOption,
    load,
    setRange,
  };
}
