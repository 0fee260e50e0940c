import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance } from 'element-plus';
import { AlertKind, AlertStatus, Permission, type Alert, type UpdateAlertRequest } from '@keeper/shared';
import { getAlertListApi, updateAlertApi } from '@/api/alerts';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import { useArrivalHighlights } from '@/utils/arrival-highlights';
import { usePagedList } from '@/utils/paged-list';
import type { AlertNoteFormModel } from './rules';

export const SEVERITY_TAG_TYPE: Record<Alert['severity'], 'danger' | 'warning' | 'info'> = {
  high: 'danger',
  medium: 'warning',
  low: 'info',
};

export const STATUS_TAG_TYPE: Record<AlertStatus, 'danger' | 'warning' | 'success'> = {
  open: 'danger',
  acknowledged: 'warning',
  resolved: 'success',
};

type Handling = UpdateAlertRequest['status'];

interface AlertFilters {
  status: AlertStatus;
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  kind: AlertKind | '' | undefined;
  userId: string | undefined;
}

export function useAlerts() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const realtime = useRealtimeStore();

  const filters = reactive<AlertFilters>({ status: AlertStatus.Open, kind: '', userId: undefined });
  const { pager, rows, total, loading, load, search, prepend } = usePagedList((page) =>
    getAlertListApi({
      ...page,
      status: filters.status,
      kind: filters.kind || undefined,
      userId: filters.userId || undefined,
    }),
  );
  const { highlighted, highlight } = useArrivalHighlights();
  const canHandle = computed(() => auth.can(Permission.ViolationsHandle));
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));

  watch(() => [filters.status, filters.kind || '', filters.userId || ''], search);

  /** A live alert joins the first page of a list it belongs to, without reloading it. */
  function receive(alert: Alert): void {
    const matches =
      alert.status === filters.status &&
      (!filters.kind || filters.kind === alert.kind) &&
      (!filters.userId || filters.userId === alert.userId);
    if (matches && prepend(alert, (row) => row.id)) highlight(alert.id);
  }

  // Acknowledge or resolve, with an optional note.
  const noteFormRef = ref<FormInstance>();
  const noteVisible = ref(false);
  const noteModel = reactive<AlertNoteFormModel>({ note: '' });
  const handling = ref<{ alert: Alert; status: Handling } | null>(null);
  const saving = ref(false);

  function openHandle(alert: Alert, status: Handling): void {
    handling.value = { alert, status };
    noteModel.note = alert.note ?? '';
    noteFormRef.value?.clearValidate();
    noteVisible.value = true;
  }

  async function submitHandle(): Promise<void> {
    const target = handling.value;
    if (!target || !(await noteFormRef.value?.validate().catch(() => false))) return;
    saving.value = true;
    try {
      const note = noteModel.note.trim();
      const updated = await updateAlertApi(target.alert.id, {
        status: target.status,
        ...(note ? { note } : {}),
      });
      noteVisible.value = false;
      ElMessage.success(t(updated.status === 'resolved' ? 'alerts.resolved' : 'alerts.acknowledged'));
      if (updated.status === filters.status) {
        rows.value = rows.value.map((row) => (row.id === updated.id ? updated : row));
      } else {
        rows.value = rows.value.filter((row) => row.id !== updated.id);
        total.value = Math.max(0, total.value - 1);
      }
      // The server pushes the new count too; asking keeps the badge right if the socket is down.
      void realtime.refreshAlertCounts();
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      saving.value = false;
    }
  }

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    void load();
    unsubscribers.push(
      realtime.onAlertCreated(receive),
      // Rows raised while the socket was away never arrive as events.
      realtime.onConnected(() => void load()),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  return {
    statuses: Object.values(AlertStatus),
    kinds: Object.values(AlertKind),
    filters,
    pager,
    rows,
    total,
    loading,
    highlighted,
    canHandle,
    canReadOrg,
    load,
    search,
    noteFormRef,
    noteVisible,
    noteModel,
    handling,
    saving,
    openHandle,
    submitHandle,
  };
}
