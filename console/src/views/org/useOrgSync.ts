import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import { ErrorCode, type SyncRun } from '@keeper/shared';
import { describeApiError } from '@/api/error-message';
import { describeFailure } from '@/api/failure-message';
import { startOrgSyncApi } from '@/api/org';
import { ApiRequestError } from '@/api/request';
import { useOrgStore } from '@/stores/org.store';

export const SYNC_POLL_INTERVAL_MS = 2_000;

/**
 * The organisation overview and the "sync now" button. A sync runs in the background on the server, so after
 * starting one (or finding one running) the overview is asked again every two seconds until the last run is
 * no longer `running`; leaving the page stops the polling.
 */
export function useOrgSync(options: { onFinished: (run: SyncRun) => void }) {
  const { t } = useI18n();
  const org = useOrgStore();
  const { overview, lastSync, error } = storeToRefs(org);

  const starting = ref(false);
  const polling = ref(false);
  const busy = computed(() => starting.value || polling.value || org.syncRunning);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let unmounted = false;
  /** The run the user started; an older run still reported by a lagging overview does not end the wait. */
  let awaitedRunId: number | null = null;

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void poll(), SYNC_POLL_INTERVAL_MS);
  }

  async function poll(): Promise<void> {
    timer = undefined;
    // Quietly: a failed poll is tried again two seconds later instead of raising a toast every time.
    await org.refresh({ silent: true });
    if (unmounted) return;
    const run = lastSync.value;
    const finished =
      run !== null && run.status !== 'running' && (awaitedRunId === null || run.id >= awaitedRunId);
    if (!finished) {
      schedule();
      return;
    }
    polling.value = false;
    awaitedRunId = null;
    if (run.status === 'succeeded') {
      ElMessage.success(t('org.syncSucceeded'));
    } else {
      ElMessage.error({
        message: t('org.syncFailed', { error: run.failure ? describeFailure(run.failure) : '—' }),
        showClose: true,
      });
    }
    options.onFinished(run);
  }

  function startPolling(runId: number | null): void {
    awaitedRunId = runId;
    if (polling.value || unmounted) return;
    polling.value = true;
    schedule();
  }

  async function syncNow(): Promise<void> {
    starting.value = true;
    try {
      // Silent: a running sync and missing credentials deserve their own words, not the generic ones.
      const { runId } = await startOrgSyncApi({ silent: true });
      ElMessage.info(t('org.syncStarted'));
      startPolling(runId);
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === ErrorCode.Conflict) {
        ElMessage.info(t('org.syncAlreadyRunning'));
        startPolling(null);
      } else if (error instanceof ApiRequestError && error.code === ErrorCode.NotConfigured) {
        ElMessage.warning({ message: t('org.syncNotConfigured'), showClose: true });
      } else {
        ElMessage.error({ message: describeApiError(error), showClose: true });
      }
    } finally {
      starting.value = false;
    }
  }

  onMounted(async () => {
    await org.refresh();
    // A scheduled or start-up sync may be under way already: follow it like one started here.
    if (!unmounted && org.syncRunning) startPolling(null);
  });

  onBeforeUnmount(() => {
    unmounted = true;
    clearTimeout(timer);
    timer = undefined;
  });

  const loadErrorMessage = computed(() =>
    error.value && !overview.value ? describeApiError(error.value) : '',
  );

  return { overview, lastSync, loadErrorMessage, busy, syncNow };
}
