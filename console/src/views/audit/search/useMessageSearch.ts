import { computed, onMounted, reactive, ref } from 'vue';
import { Permission, type ArchivedMessage, type MessageSearchQuery } from '@keeper/shared';
import { searchMessagesApi } from '@/api/archive';
import { useAuthStore } from '@/stores/auth.store';
import { shanghaiDay, shanghaiDayEndIso, shanghaiDayStartIso } from '@/utils/datetime';

export const PAGE_SIZES = [20, 50, 100];
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
  const pager = reactive({ page: 1, pageSize: PAGE_SIZES[0] ?? 20 });
  const rows = ref<ArchivedMessage[]>([]);
  const total = ref(0);
  const loading = ref(false);
  /** The keyword of the results on screen, for highlighting (not what is being typed). */
  const keyword = ref('');
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));
  const canReadCustomers = computed(() => auth.can(Permission.CustomersRead));

  let sequence = 0;
  async function load(): Promise<void> {
    const ticket = ++sequence;
    const query = toSearchQuery(filters);
    loading.value = true;
    try {
      const page = await searchMessagesApi({ ...query, page: pager.page, pageSize: pager.pageSize });
      if (ticket !== sequence) return;
      rows.value = page.items;
      total.value = page.total;
      keyword.value = query.q ?? '';
    } catch {
      // The request client has already shown the reason.
    } finally {
      if (ticket === sequence) loading.value = false;
    }
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
