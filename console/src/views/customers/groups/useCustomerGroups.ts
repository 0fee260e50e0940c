import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { Permission, type CustomerGroup } from '@keeper/shared';
import { getCustomerGroupListApi } from '@/api/customer-groups';
import { useAuthStore } from '@/stores/auth.store';
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
  const pager = reactive({ page: 1, pageSize: 20 });
  const rows = ref<CustomerGroup[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const canReadOrg = computed(() => useAuthStore().can(Permission.OrgRead));

  let sequence = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    const ticket = ++sequence;
    loading.value = true;
    try {
      const page = await getCustomerGroupListApi({
        page: pager.page,
        pageSize: pager.pageSize,
        q: filters.q.trim() || undefined,
        ownerId: filters.ownerId || undefined,
        status: filters.status || undefined,
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
    clearTimeout(debounce);
    pager.page = 1;
    void load();
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
