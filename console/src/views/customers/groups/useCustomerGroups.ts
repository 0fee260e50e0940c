import { computed, onBeforeUnmount, onMounted, reactive, watch } from 'vue';
import { Permission } from '@keeper/shared';
import { getCustomerGroupListApi } from '@/api/customer-groups';
import { useAuthStore } from '@/stores/auth.store';
import { usePagedList } from '@/utils/paged-list';
import { SEARCH_DEBOUNCE_MS } from '../useCustomers';

export const GROUP_STATUSES = ['active', 'dismissed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

interface GroupFilters {
  q: string;
  ownerId: string | undefined;
  status: GroupStatus | '' | undefined;
}

export function useCustomerGroups() {
  const filters = reactive<GroupFilters>({ q: '', ownerId: undefined, status: '' });
  const list = usePagedList((page) =>
    getCustomerGroupListApi({
      ...page,
      q: filters.q.trim() || undefined,
      ownerId: filters.ownerId || undefined,
      status: filters.status || undefined,
    }),
  );
  const { pager, rows, total, loading, load } = list;
  const canReadOrg = computed(() => useAuthStore().can(Permission.OrgRead));

  let debounce: ReturnType<typeof setTimeout> | undefined;

  function search(): void {
    clearTimeout(debounce);
    list.search();
  }

  function reset(): void {
    Object.assign(filters, { q: '', ownerId: undefined, status: '' });
  }

  watch(
    () => filters.q.trim(),
    () => {
      clearTimeout(debounce);
      debounce = setTimeout(search, SEARCH_DEBOUNCE_MS);
    },
  );
  watch(() => [filters.ownerId || '', filters.status || ''], search);

  onMounted(load);
  onBeforeUnmount(() => clearTimeout(debounce));

  return { filters, pager, rows, total, loading, canReadOrg, load, search, reset };
}
