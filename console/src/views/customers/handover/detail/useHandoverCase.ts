import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { ItemKind, ItemState, type HandoverCase, type HandoverItem } from '@keeper/shared';
import { describeApiError } from '@/api/error-message';
import {
  getHandoverCaseApi,
  getHandoverItemListApi,
  handoverExportUrl,
  refreshHandoverCaseApi,
  replanHandoverApi,
} from '@/api/reassign';
import { useRealtimeStore } from '@/stores/realtime.store';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';
import { progressSummary } from '../labels';

export interface ItemFilters {
  kind: ItemKind;
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  state: ItemState | '' | undefined;
  /** Name; typed, so debounced. */
  q: string;
}

/**
 * One handover case: its header and totals, its customers and groups page by page, and what a manager does to
 * it (refresh from WeCom, export, re-plan what came back). The server pushes `handover:progress` with the case
 * id whenever the engine moves; the page then reloads what it shows.
 */
export function useHandoverCase() {
  const { t } = useI18n();
  const route = useRoute();
  const realtime = useRealtimeStore();

  const caseId = computed(() => String(route.params.caseId ?? ''));
  const handoverCase = ref<HandoverCase | null>(null);
  const loading = ref(false);
  const loadError = ref('');

  let sequence = 0;
  async function load(options: { silent?: boolean } = {}): Promise<void> {
    const id = caseId.value;
    if (!id) return;
    const ticket = ++sequence;
    loading.value = true;
    try {
      const result = await getHandoverCaseApi(id, { silent: true });
      if (ticket !== sequence) return;
      handoverCase.value = result;
      loadError.value = '';
    } catch (error) {
      if (ticket !== sequence) return;
      // The page shows why; a background refresh keeps what is on screen.
      if (!options.silent || !handoverCase.value) loadError.value = describeApiError(error);
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  const customers = computed(() =>
    handoverCase.value ? progressSummary(handoverCase.value.customers) : null,
  );
  const groups = computed(() => (handoverCase.value ? progressSummary(handoverCase.value.groups) : null));
  const replannable = computed(() => (customers.value?.replannable ?? 0) + (groups.value?.replannable ?? 0));
  const plannable = computed(
    () => (handoverCase.value?.customers.unplanned ?? 0) + (handoverCase.value?.groups.unplanned ?? 0) > 0,
  );

  // The items: customers or groups, filtered by state and name.
  const filters = reactive<ItemFilters>({ kind: ItemKind.Customer, state: '', q: '' });
  const items = usePagedList<HandoverItem>((page) =>
    getHandoverItemListApi(caseId.value, {
      ...page,
      kind: filters.kind,
      state: filters.state || undefined,
      q: filters.q.trim() || undefined,
    }),
  );
  const { now: searchItems, soon: searchItemsSoon } = useTypedSearch(items.search);
  watch(() => [filters.kind, filters.state || ''], searchItems);
  watch(() => filters.q.trim(), searchItemsSoon);

  /** Customers ticked in the table, for a plan of "勾选的客户". */
  const checkedIds = ref<string[]>([]);

  function reloadAll(): void {
    void load({ silent: true });
    void items.load();
  }

  /** The case after an action the server answered with it; the items changed too. */
  function applied(next: HandoverCase): void {
    handoverCase.value = next;
    checkedIds.value = [];
    void items.load();
  }

  const refreshing = ref(false);
  async function refresh(): Promise<void> {
    refreshing.value = true;
    try {
      applied(await refreshHandoverCaseApi(caseId.value));
      ElMessage.success(t('handover.refreshed'));
    } catch {
      // Shown by the request client.
    } finally {
      refreshing.value = false;
    }
  }

  function exportReport(): void {
    // A plain GET the browser downloads with the session cookie; the server writes the access-audit row.
    const link = document.createElement('a');
    link.href = handoverExportUrl(caseId.value);
    link.download = '';
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    ElMessage.info(t('handover.exportStarted'));
  }

  // Re-plan: what came back (refused, receiver full, rejected, no record) goes to one new receiver.
  const replanVisible = ref(false);
  const replanReceiver = ref<string | undefined>(undefined);
  const replanning = ref(false);

  function openReplan(): void {
    replanReceiver.value = undefined;
    replanVisible.value = true;
  }

  async function submitReplan(): Promise<void> {
    if (!replanReceiver.value) {
      ElMessage.warning(t('handover.receiversRequired'));
      return;
    }
    replanning.value = true;
    try {
      applied(await replanHandoverApi(caseId.value, { receiver: replanReceiver.value }));
      replanVisible.value = false;
      ElMessage.success(t('handover.replanned'));
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      replanning.value = false;
    }
  }

  watch(caseId, () => {
    handoverCase.value = null;
    checkedIds.value = [];
    void load();
    items.search();
  });

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    void load();
    void items.load();
    unsubscribers.push(
      realtime.onHandoverProgress((id) => {
        if (id === caseId.value) reloadAll();
      }),
      // Progress pushed while the socket was away never arrived.
      realtime.onConnected(reloadAll),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  return {
    caseId,
    handoverCase,
    loading,
    loadError,
    customers,
    groups,
    replannable,
    plannable,
    filters,
    items,
    checkedIds,
    states: Object.values(ItemState),
    load,
    applied,
    refreshing,
    refresh,
    exportReport,
    replanVisible,
    replanReceiver,
    replanning,
    openReplan,
    submitReplan,
  };
}
