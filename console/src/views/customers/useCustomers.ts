import { computed, onMounted, reactive, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { CustomerStatus, Permission, type CustomerListQuery } from '@keeper/shared';
import { customerExportUrl, getCustomerListApi, type CustomerFilterParams } from '@/api/customers';
import type { MessageKey } from '@/locales';
import { useAuthStore } from '@/stores/auth.store';
import { useOrgStore } from '@/stores/org.store';
import { useTagStore } from '@/stores/tag.store';
import { shanghaiDayEndIso, shanghaiDayStartIso } from '@/utils/datetime';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';

export type CustomerSort = CustomerListQuery['sort'];

export const CUSTOMER_SORTS: { value: CustomerSort; label: MessageKey }[] = [
  { value: '-firstAddedAt', label: 'customers.sorts.firstAddedAtDesc' },
  { value: 'firstAddedAt', label: 'customers.sorts.firstAddedAtAsc' },
  { value: '-updatedAt', label: 'customers.sorts.updatedAtDesc' },
  { value: 'updatedAt', label: 'customers.sorts.updatedAtAsc' },
  { value: 'name', label: 'customers.sorts.nameAsc' },
  { value: '-name', label: 'customers.sorts.nameDesc' },
];

export const CUSTOMER_STATUS_TAG_TYPE: Record<CustomerStatus, 'success' | 'info'> = {
  active: 'success',
  lost: 'info',
};

/** How many tags a row shows before "+n". */
export const VISIBLE_TAGS = 3;

export interface CustomerFilters {
  /** Name, remark or phone; typed, so it is debounced. */
  q: string;
  // Cleared selects set their model to '' or undefined, depending on the component and version.
  ownerId: string | undefined;
  departmentId: string | undefined;
  tagId: string | undefined;
  /** The 联系我 channel state; typed, so debounced too. */
  state: string;
  status: CustomerStatus | '' | undefined;
  /** China calendar days (`YYYY-MM-DD`), both inclusive. */
  addedRange: [string, string] | null;
  sort: CustomerSort;
}

const emptyFilters = (): CustomerFilters => ({
  q: '',
  ownerId: undefined,
  departmentId: undefined,
  tagId: undefined,
  state: '',
  status: '',
  addedRange: null,
  sort: '-firstAddedAt',
});

/** The filters as the API reads them; the same object builds the list request and the export link. */
export function toCustomerQuery(filters: CustomerFilters): CustomerFilterParams {
  const [from, to] = filters.addedRange ?? [];
  return {
    q: filters.q.trim() || undefined,
    ownerId: filters.ownerId || undefined,
    departmentId: filters.departmentId || undefined,
    tagId: filters.tagId || undefined,
    state: filters.state.trim() || undefined,
    status: filters.status || undefined,
    addedFrom: from ? shanghaiDayStartIso(from) : undefined,
    addedTo: to ? shanghaiDayEndIso(to) : undefined,
    sort: filters.sort,
  };
}

/**
 * The customer list. The server filters and pages (a corp can have hundreds of thousands of customers), so
 * every change of a filter is a new request: typed fields after a pause, picked ones at once. Answers that
 * arrive after a newer request was sent are dropped.
 */
export function useCustomers() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const org = useOrgStore();
  const tags = useTagStore();

  const filters = reactive<CustomerFilters>(emptyFilters());
  const list = usePagedList((page) => getCustomerListApi({ ...toCustomerQuery(filters), ...page }));
  const { pager, rows, total, loading, load } = list;

  const canReadOrg = computed(() => auth.can(Permission.OrgRead));
  const canExport = computed(() => auth.can(Permission.CustomersExport));

  const { now: search, soon: searchSoon } = useTypedSearch(list.search);

  function reset(): void {
    Object.assign(filters, emptyFilters());
  }

  // One watcher for every filter, so a reset that changes several sends one request.
  watch(
    () => ({ ...toCustomerQuery(filters) }),
    (now, before) => {
      const typed = now.q !== before.q || now.state !== before.state;
      const picked = (Object.keys(now) as (keyof CustomerFilterParams)[]).some(
        (key) => key !== 'q' && key !== 'state' && now[key] !== before[key],
      );
      if (picked) {
        search();
      } else if (typed) {
        searchSoon();
      }
    },
  );

  function exportCustomers(): void {
    // A plain GET the browser downloads with the session cookie; the server writes the access-audit row.
    const link = document.createElement('a');
    link.href = customerExportUrl(toCustomerQuery(filters));
    link.download = '';
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    ElMessage.info(t('customers.exportStarted'));
  }

  onMounted(() => {
    void load();
    void tags.ensureLoaded();
    if (canReadOrg.value && !org.overview) void org.refresh({ silent: true });
  });

  return {
    filters,
    pager,
    rows,
    total,
    loading,
    canReadOrg,
    canExport,
    statuses: Object.values(CustomerStatus),
    load,
    search,
    reset,
    exportCustomers,
  };
}
