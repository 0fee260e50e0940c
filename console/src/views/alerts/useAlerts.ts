import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance } from 'element-plus';
import { AlertKind, AlertStatus, Permission, type Alert, type UpdateAlertRequest } from '@keeper/shared';
import { getAlertListApi, updateAlertApi } from '@/api/alerts';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import type { AlertNoteFormModel } from './rules';

/** How long a row that just arrived stays highlighted. */
export const HIGHLIGHT_MS = 4_000;

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
  const pager = reactive({ page: 1, pageSize: 20 });
  const rows = ref<Alert[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const highlighted = ref(new Set<string>());
  const canHandle = computed(() => auth.can(Permission.ViolationsHandle));
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));

  let sequence = 0;
  async function load(): Promise<void> {
    const ticket = ++sequence;
    loading.value = true;
    try {
      const page = await getAlertListApi({
        page: pager.page,
        pageSize: pager.pageSize,
        status: filters.status,
        kind: filters.kind || undefined,
        userId: filters.userId || undefined,
      });
      if (ticket !== sequence) return;
      rows.value = page.items;
      total.value = page.total;
    } catch {
      // The request client has already shown the reason; keep the last rows on screen.
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  function search(): void {
    pager.page = 1;
    void load();
  }

  watch(() => [filters.status, filters.kind || '', filters.userId || ''], search);

  const timers = new Set<ReturnType<typeof setTimeout>>();
  function highlight(id: string): void {
    highlighted.value = new Set(highlighted.value).add(id);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const next = new Set(highlighted.value);
      next.delete(id);
      highlighted.value = next;
    }, HIGHLIGHT_MS);
    timers.add(timer);
  }

  /** A live alert joins the first page of a list it belongs to, without reloading it. */
  function receive(alert: Alert): void {
    const matches =
      alert.status === filters.status &&
      (!filters.kind || filters.kind === alert.kind) &&
      (!filters.userId || filters.userId === alert.userId);
    if (!matches || pager.page !== 1 || rows.value.some((row) => row.id === alert.id)) return;
    rows.value = [alert, ...rows.value].slice(0, pager.pageSize);
    total.value += 1;
    highlight(alert.id);
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

  let unsubscribe: (() => void) | undefined;
  onMounted(() => {
    void load();
    unsubscribe = realtime.onAlertCreated(receive);
  });
  onBeforeUnmount(() => {
    unsubscribe?.();
    for (const timer of timers) clearTimeout(timer);
  });

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
