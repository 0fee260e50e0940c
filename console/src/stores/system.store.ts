import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { RunMode, type Health, type SystemStatus } from '@keeper/shared';
import { getHealthApi, getSystemStatusApi } from '@/api/system';

/** The running server as the console last saw it: the home page shows it, the header reads the mode. */
export const useSystemStore = defineStore('system', () => {
  const status = ref<SystemStatus | null>(null);
  const health = ref<Health | null>(null);
  const statusError = ref<unknown>(null);
  const healthError = ref<unknown>(null);
  const loading = ref(false);
  const fetchedAt = ref<Date | null>(null);

  const isSandbox = computed(() => status.value?.mode === RunMode.Sandbox);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      // Independent: the health check still answers when the status query fails, and that is worth showing.
      const [statusResult, healthResult] = await Promise.allSettled([getSystemStatusApi(), getHealthApi()]);
      if (statusResult.status === 'fulfilled') status.value = statusResult.value;
      statusError.value = statusResult.status === 'rejected' ? statusResult.reason : null;
      if (healthResult.status === 'fulfilled') health.value = healthResult.value;
      healthError.value = healthResult.status === 'rejected' ? healthResult.reason : null;
      fetchedAt.value = new Date();
    } finally {
      loading.value = false;
    }
  }

  /** For the layout: load once if nobody has yet, without repeating a request already under way. */
  async function ensureLoaded(): Promise<void> {
    if (status.value || loading.value) return;
    await refresh();
  }

  function $reset(): void {
    status.value = null;
    health.value = null;
    statusError.value = null;
    healthError.value = null;
    fetchedAt.value = null;
  }

  return {
    status,
    health,
    statusError,
    healthError,
    loading,
    fetchedAt,
    isSandbox,
    refresh,
    ensureLoaded,
    $reset,
  };
});
