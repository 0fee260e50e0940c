import { computed, onMounted } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import { describeApiError } from '@/api/error-message';
import { useSystemStore } from '@/stores/system.store';
import { formatDateTime, splitDuration } from '@/utils/datetime';

export type HealthState = 'ok' | 'degraded' | 'down' | 'unknown';

export function useHome() {
  const { t } = useI18n();
  const system = useSystemStore();
  const { status, health, loading, fetchedAt, statusError, healthError } = storeToRefs(system);

  const statusErrorMessage = computed(() => (statusError.value ? describeApiError(statusError.value) : ''));

  const overallHealth = computed<HealthState>(
    () => health.value?.status ?? (healthError.value ? 'down' : 'unknown'),
  );
  const databaseHealth = computed<HealthState>(
    () => health.value?.checks.database ?? (healthError.value ? 'down' : 'unknown'),
  );

  const uptime = computed(() =>
    status.value ? t('home.uptimeValue', splitDuration(status.value.uptimeSeconds)) : '',
  );
  const startedAt = computed(() => formatDateTime(status.value?.startedAt));
  const lastUpdated = computed(() =>
    fetchedAt.value ? t('home.lastUpdated', { time: formatDateTime(fetchedAt.value) }) : '',
  );

  // Each visit shows current numbers rather than whatever the header loaded earlier.
  onMounted(() => void system.refresh());

  return {
    status,
    loading,
    statusErrorMessage,
    overallHealth,
    databaseHealth,
    uptime,
    startedAt,
    lastUpdated,
    refresh: () => system.refresh(),
  };
}

export const HEALTH_TAG_TYPE: Record<HealthState, 'success' | 'warning' | 'danger' | 'info'> = {
  ok: 'success',
  degraded: 'warning',
  down: 'danger',
  unknown: 'info',
};
