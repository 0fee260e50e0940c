import { onMounted, reactive, ref } from 'vue';
import { MemberStatus, type Member } from '@keeper/shared';
import { getMemberListApi } from '@/api/org';

export const MEMBER_STATUS_TAG_TYPE: Record<MemberStatus, 'success' | 'warning' | 'info' | 'danger'> = {
  active: 'success',
  disabled: 'warning',
  inactive: 'info',
  departed: 'danger',
};

interface MemberFilters {
  q: string;
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  status: MemberStatus | '' | undefined;
  /** The department picked in the tree; null lists everyone the viewer may see. */
  departmentId: string | null;
}

export function useOrgMembers() {
  const filters = reactive<MemberFilters>({ q: '', status: '', departmentId: null });
  const pager = reactive({ page: 1, pageSize: 20 });
  const rows = ref<Member[]>([]);
  const total = ref(0);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const page = await getMemberListApi({
        page: pager.page,
        pageSize: pager.pageSize,
        q: filters.q.trim() || undefined,
        status: filters.status || undefined,
        departmentId: filters.departmentId ?? undefined,
      });
      rows.value = page.items;
      total.value = page.total;
    } catch {
      // The request client has already shown the reason; keep the last rows on screen.
    } finally {
      loading.value = false;
    }
  }

  function search(): void {
    pager.page = 1;
    void load();
  }

  function reset(): void {
    Object.assign(filters, { q: '', status: '' });
    search();
  }

  function selectDepartment(departmentId: string | null): void {
    filters.departmentId = departmentId;
    search();
  }

  onMounted(load);

  return {
    statuses: Object.values(MemberStatus),
    filters,
    pager,
    rows,
    total,
    loading,
    load,
    search,
    reset,
    selectDepartment,
  };
}
