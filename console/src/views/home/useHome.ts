import { computed, onMounted } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import { MemberStatus, Permission } from '@keeper/shared';
import { describeApiError } from '@/api/error-message';
import { useAuthStore } from '@/stores/auth.store';
import { useOrgStore } from '@/stores/org.store';
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

  // The organisation card is there only for those who may read the organisation.
  const org = useOrgStore();
  const { overview: orgOverview, lastSync, error: orgError } = storeToRefs(org);
  const canReadOrg = computed(() => useAuthStore().can(Permission.OrgRead));
  const orgErrorMessage = computed(() => (orgError.value ? describeApiError(orgError.value) : ''));

  function refresh(): Promise<unknown> {
    return Promise.all([system.refresh(), canReadOrg.value ? org.refresh({ silent: true }) : undefined]);
  }

  // Each visit shows current numbers rather than whatever the header loaded earlier.
  onMounted(() => void refresh());

  return {
    status,
    loading,
    statusErrorMessage,
    overallHealth,
    databaseHealth,
    uptime,
    startedAt,
    lastUpdated,
    canReadOrg,
    orgOverview,
    lastSync,
    orgErrorMessage,
    memberStatuses: Object.values(MemberStatus),
    refresh,
  };
}

export const HEALTH_TAG_TYPE: Record<HealthState, 'success' | 'warning' | 'danger' | 'info'> = {
  ok: 'success',
  degraded: 'warning',
  down: 'danger',
  unknown: 'info',
};
