import { computed, onMounted, reactive, ref } from 'vue';
import { Permission, type MessageSearchQuery } from '@keeper/shared';
import { searchMessagesApi } from '@/api/archive';
import { useAuthStore } from '@/stores/auth.store';
import { usePagedList } from '@/utils/paged-list';
import { shanghaiDay, shanghaiDayEndIso, shanghaiDayStartIso } from '@/utils/datetime';

/** The server searches a time range efficiently, not the whole archive: the form starts with the last 30 days. */
export const DEFAULT_RANGE_DAYS = 30;

export interface MessageSearchFilters {
  q: string;
  senderId: string | undefined;
  customerId: string | undefined;
  msgtype: string | undefined;
  /** China calendar days (`YYYY-MM-DD`), both inclusive. */
  range: [string, string] | null;
}

export function defaultRange(now: Date = new Date()): [string, string] {
  return [shanghaiDay(DEFAULT_RANGE_DAYS - 1, now), shanghaiDay(0, now)];
}

const emptyFilters = (): MessageSearchFilters => ({
  q: '',
  senderId: undefined,
  customerId: undefined,
  msgtype: undefined,
  range: defaultRange(),
});

export function toSearchQuery(filters: MessageSearchFilters): Partial<MessageSearchQuery> {
  const [from, to] = filters.range ?? [];
  return {
    q: filters.q.trim() || undefined,
    senderId: filters.senderId || undefined,
    customerId: filters.customerId || undefined,
    msgtype: filters.msgtype || undefined,
    from: from ? shanghaiDayStartIso(from) : undefined,
    to: to ? shanghaiDayEndIso(to) : undefined,
  };
}

/** Message search: runs on "search" (and on paging), not on every keystroke, since it can be a heavy query. */
export function useMessageSearch() {
  const auth = useAuthStore();
  const filters = reactive<MessageSearchFilters>(emptyFilters());
  const list = usePagedList((page) => searchMessagesApi({ ...toSearchQuery(filters), ...page }));
  const { pager, rows, total, loading } = list;
  /** The keyword of the results on screen, for highlighting (not what is being typed). */
  const keyword = ref('');
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));
  const canReadCustomers = computed(() => auth.can(Permission.CustomersRead));

  /** Loads the page; the highlighted keyword follows the results on screen. */
  async function load(): Promise<void> {
    const searched = toSearchQuery(filters).q ?? '';
    if (await list.load()) keyword.value = searched;
  }

  function search(): void {
    pager.page = 1;
    void load();
  }

  function reset(): void {
    Object.assign(filters, emptyFilters());
    search();
  }

  onMounted(() => void load());

  return { filters, pager, rows, total, loading, keyword, canReadOrg, canReadCustomers, load, search, reset };
}
