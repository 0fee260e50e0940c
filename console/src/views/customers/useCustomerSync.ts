import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import { CUSTOMER_SYNC_COUNTS, ErrorCode, Permission, type SyncRun } from '@keeper/shared';
import { getLatestCustomerSyncApi, startCustomerSyncApi } from '@/api/customers';
import { describeApiError } from '@/api/error-message';
import { describeFailure } from '@/api/failure-message';
import { ApiRequestError } from '@/api/request';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';

/** The fallback when the socket is down: the last run is asked again this often while one is running. */
export const CUSTOMER_SYNC_POLL_MS = 3_000;

/**
 * The "sync customers" button. Progress arrives over the socket (`sync:progress`); the end of a run is
 * confirmed by asking for the latest run, which the page also polls in case the socket is not connected.
 */
export function useCustomerSync(options: { onFinished: (run: SyncRun) => void }) {
  const { t } = useI18n();
  const auth = useAuthStore();
  const realtime = useRealtimeStore();
  const { syncProgress } = storeToRefs(realtime);

  const canSync = computed(() => auth.canCorpWide(Permission.OrgSync));
  const latest = ref<SyncRun | null>(null);
  const starting = ref(false);
  const following = ref(false);
  /** The run the user started; a lagging answer about an older run does not end the wait. */
  let awaitedRunId: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unmounted = false;

  const busy = computed(() => starting.value || following.value);
  const progress = computed(() => {
    const value = syncProgress.value;
    if (!following.value || !value || value.phase === 'done') return null;
    if (awaitedRunId !== null && value.runId !== awaitedRunId) return null;
    const percent = value.total > 0 ? Math.min(100, Math.round((value.processed / value.total) * 100)) : 0;
    return { ...value, percent };
  });

  function schedule(delay = CUSTOMER_SYNC_POLL_MS): void {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), delay);
  }

  async function check(): Promise<void> {
    timer = undefined;
    let run: SyncRun | null;
    try {
      run = await getLatestCustomerSyncApi({ silent: true });
    } catch {
      if (!unmounted && following.value) schedule();
      return;
    }
    if (unmounted) return;
    latest.value = run;
    if (!following.value) return;
    if (run === null || run.status === 'running' || (awaitedRunId !== null && run.id < awaitedRunId)) {
      schedule();
      return;
    }
    following.value = false;
    awaitedRunId = null;
    if (run.status === 'succeeded') ElMessage.success(t('customerSync.succeeded'));
    else
      ElMessage.error({
        message: t('customerSync.failed', { error: run.failure ? describeFailure(run.failure) : '—' }),
        showClose: true,
      });
    options.onFinished(run);
  }

  function follow(runId: number | null): void {
    awaitedRunId = runId;
    following.value = true;
    schedule();
  }

  async function syncNow(): Promise<void> {
    starting.value = true;
    try {
      // Silent: a running sync and missing credentials deserve their own words.
      const { runId } = await startCustomerSyncApi({ silent: true });
      ElMessage.info(t('customerSync.started'));
      follow(runId);
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === ErrorCode.Conflict) {
        ElMessage.info(t('customerSync.alreadyRunning'));
        follow(null);
      } else if (error instanceof ApiRequestError && error.code === ErrorCode.NotConfigured) {
        ElMessage.warning({ message: t('customerSync.notConfigured'), showClose: true });
      } else {
        ElMessage.error({ message: describeApiError(error), showClose: true });
      }
    } finally {
      starting.value = false;
    }
  }

  // The socket says when the run is done: confirm at once instead of waiting for the next poll.
  watch(syncProgress, (value) => {
    if (following.value && value?.phase === 'done') schedule(0);
  });

  onMounted(async () => {
    if (!canSync.value) return;
    await check();
    // A scheduled sync may be under way already: follow it like one started here.
    if (!unmounted && latest.value?.status === 'running') follow(null);
  });

  onBeforeUnmount(() => {
    unmounted = true;
    clearTimeout(timer);
  });

  /** The counts the contract names, each with its label; a count an older run lacks is left out. */
  function summaryText(run: SyncRun): string {
    const summary = run.summary;
    if (!summary) return '—';
    const shown = CUSTOMER_SYNC_COUNTS.filter((count) => summary[count] !== undefined);
    if (shown.length === 0) return '—';
    return shown.map((count) => `${t(`customerSync.summary.${count}`)} ${summary[count]}`).join(' · ');
  }

  return { canSync, latest, busy, progress, syncNow, summaryText };
}
