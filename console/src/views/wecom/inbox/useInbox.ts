import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { InboxStatus, type InboxEvent } from '@keeper/shared';
import { getInboxCountsApi, getInboxListApi, retryInboxApi, type InboxCounts } from '@/api/wecom';
import { usePagedList } from '@/utils/paged-list';

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
  const { pager, rows, total, loading, load, search } = usePagedList((page) =>
    getInboxListApi({ status: status.value, ...page }),
  );
  const counts = ref<InboxCounts | null>(null);
  const selected = ref<InboxEvent[]>([]);
  const retrying = ref(false);

  async function loadCounts(): Promise<void> {
    try {
      counts.value = await getInboxCountsApi();
    } catch {
      // Shown by the request client; the tabs simply go without numbers.
    }
  }

  function refresh(): Promise<unknown> {
    return Promise.all([load(), loadCounts()]);
  }

  function changeStatus(next: InboxStatus): void {
    status.value = next;
    selected.value = [];
    search();
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
