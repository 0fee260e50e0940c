import { computed, onMounted, reactive, watch } from 'vue';
import { Permission } from '@keeper/shared';
import { getCustomerGroupListApi } from '@/api/customer-groups';
import { useAuthStore } from '@/stores/auth.store';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';

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

  const { now: search, soon: searchSoon } = useTypedSearch(list.search);

  function reset(): void {
    Object.assign(filters, { q: '', ownerId: undefined, status: '' });
  }

  watch(() => filters.q.trim(), searchSoon);
  watch(() => [filters.ownerId || '', filters.status || ''], search);

  onMounted(load);

  return { filters, pager, rows, total, loading, canReadOrg, load, search, reset };
}
