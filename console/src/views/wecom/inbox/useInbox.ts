import { onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { InboxStatus, type InboxEvent } from '@keeper/shared';
import { getInboxCountsApi, getInboxListApi, retryInboxApi, type InboxCounts } from '@/api/wecom';

export const INBOX_STATUS_TAG_TYPE: Record<InboxStatus, 'warning' | 'success' | 'danger'> = {
  pending: 'warning',
  done: 'success',
  parked: 'danger',
};

/** The parsed event as short `key=value` pairs; the summary never holds a message body. */
export function summaryPairs(summary: InboxEvent['summary']): string[] {
  return Object.entries(summary).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}=${text ?? ''}`;
  });
}

export function useInbox() {
  const { t } = useI18n();

  // Parked events are the ones waiting for a person, so the page opens on them.
  const status = ref<InboxStatus>(InboxStatus.Parked);
  const pager = reactive({ page: 1, pageSize: 20 });
  const rows = ref<InboxEvent[]>([]);
  const total = ref(0);
  const counts = ref<InboxCounts | null>(null);
  const loading = ref(false);
  const selected = ref<InboxEvent[]>([]);
  const retrying = ref(false);

  async function loadCounts(): Promise<void> {
    try {
      counts.value = await getInboxCountsApi();
    } catch {
      // Shown by the request client; the tabs simply go without numbers.
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const page = await getInboxListApi({
        status: status.value,
        page: pager.page,
        pageSize: pager.pageSize,
      });
      rows.value = page.items;
      total.value = page.total;
    } catch {
      // The request client has already shown the reason; keep the last rows on screen.
    } finally {
      loading.value = false;
    }
  }

  function refresh(): Promise<unknown> {
    return Promise.all([load(), loadCounts()]);
  }

  function changeStatus(next: InboxStatus): void {
    status.value = next;
    pager.page = 1;
    selected.value = [];
    void load();
  }

  function search(): void {
    pager.page = 1;
    void load();
  }

  async function retry(ids: string[]): Promise<void> {
    if (!ids.length) return;
    retrying.value = true;
    try {
      const { requeued } = await retryInboxApi({ ids });
      ElMessage.success(t('inbox.requeued', { n: requeued }));
      selected.value = [];
      await refresh();
    } catch {
      // Shown by the request client.
    } finally {
      retrying.value = false;
    }
  }

  onMounted(refresh);

  return {
    statuses: Object.values(InboxStatus),
    status,
    pager,
    rows,
    total,
    counts,
    loading,
    selected,
    retrying,
    load,
    refresh,
    search,
    changeStatus,
    retry,
    retrySelected: () => retry(selected.value.map((event) => event.id)),
  };
}
