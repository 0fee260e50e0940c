import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { Permission, type ArchiveStatus } from '@keeper/shared';
import { getArchiveStatusApi, resumeArchiveApi, updateRetentionApi } from '@/api/archive';
import { describeApiError } from '@/api/error-message';
import { translate } from '@/locales';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import {
  DEFAULT_RETENTION_DAYS,
  isValidRetentionDays,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  type RetentionFormModel,
} from './rules';

/** The archive puller's state (live over the socket) and the retention setting. */
export function useArchiveStatus() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const realtime = useRealtimeStore();

  const status = ref<ArchiveStatus | null>(null);
  const loading = ref(false);
  const loadError = ref('');
  const resuming = ref(false);
  const saving = ref(false);
  const canAdmin = computed(() => auth.can(Permission.WeComAdmin));
  const retention = reactive<RetentionFormModel>({ mode: 'forever', days: DEFAULT_RETENTION_DAYS });
  const retentionError = ref('');

  function show(next: ArchiveStatus, options: { resetRetention: boolean }): void {
    status.value = next;
    if (options.resetRetention) {
      retention.mode = next.retentionDays === null ? 'forever' : 'days';
      if (next.retentionDays !== null) retention.days = next.retentionDays;
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      show(await getArchiveStatusApi({ silent: true }), { resetRetention: true });
      loadError.value = '';
    } catch (error) {
      loadError.value = describeApiError(error);
    } finally {
      loading.value = false;
    }
  }

  async function resume(): Promise<void> {
    resuming.value = true;
    try {
      show(await resumeArchiveApi(), { resetRetention: false });
      ElMessage.success(t('archive.resumed'));
    } catch {
      // Shown by the request client: the key is probably still missing.
    } finally {
      resuming.value = false;
    }
  }

  async function saveRetention(): Promise<void> {
    const days = retention.mode === 'forever' ? null : retention.days;
    if (days !== null && !isValidRetentionDays(days)) {
      retentionError.value = translate('validation.retentionDays', {
        min: RETENTION_MIN_DAYS,
        max: RETENTION_MAX_DAYS,
      });
      return;
    }
    retentionError.value = '';
    saving.value = true;
    try {
      show(await updateRetentionApi({ days }), { resetRetention: true });
      ElMessage.success(t('archive.retentionSaved'));
    } catch {
      // Shown by the request client.
    } finally {
      saving.value = false;
    }
  }

  // A pushed status replaces the puller's figures; the retention being edited is left alone.
  watch(
    () => realtime.archiveStatus,
    (pushed) => {
      if (pushed) show(pushed, { resetRetention: false });
    },
  );

  onMounted(() => void load());

  return {
    status,
    loading,
    loadError,
    resuming,
    saving,
    canAdmin,
    retention,
    retentionError,
    load,
    resume,
    saveRetention,
  };
}
