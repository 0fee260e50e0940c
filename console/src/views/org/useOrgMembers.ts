import { onMounted, reactive } from 'vue';
import { MemberStatus } from '@keeper/shared';
import { getMemberListApi } from '@/api/org';
import { usePagedList } from '@/utils/paged-list';

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
  const { pager, rows, total, loading, load, search } = usePagedList((page) =>
    getMemberListApi({
      ...page,
      q: filters.q.trim() || undefined,
      status: filters.status || undefined,
      departmentId: filters.departmentId ?? undefined,
    }),
  );

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
