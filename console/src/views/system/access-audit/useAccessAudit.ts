import { onMounted, reactive } from 'vue';
import { AccessAction, type AccessAuditEntry } from '@keeper/shared';
import { getAccessAuditListApi } from '@/api/access-audit';
import { usePagedList } from '@/utils/paged-list';
import { shanghaiWallClockToIso } from '@/utils/datetime';

interface AccessAuditFilters {
  username: string;
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  action: AccessAction | '' | undefined;
  /** Wall-clock times in China time, as the picker's `value-format` gives them; null when cleared. */
  range: [string, string] | null;
}

export function useAccessAudit() {
  const filters = reactive<AccessAuditFilters>({ username: '', action: '', range: null });
  const { pager, rows, total, loading, load, search } = usePagedList((page) => {
    const [from, to] = filters.range ?? [];
    return getAccessAuditListApi({
      ...page,
      username: filters.username.trim() || undefined,
      action: filters.action || undefined,
      from: from ? shanghaiWallClockToIso(from) : undefined,
      to: to ? shanghaiWallClockToIso(to) : undefined,
    });
  });

  function reset(): void {
    Object.assign(filters, { username: '', action: '', range: null });
    search();
  }

  onMounted(load);

  return { actions: Object.values(AccessAction), filters, pager, rows, total, loading, load, search, reset };
}

/** What was touched, e.g. `customer wm123`; the detail column carries the rest. */
export function describeTarget(entry: AccessAuditEntry): string {
  return [entry.targetType, entry.targetId].filter(Boolean).join(' ');
}

export function describeDetail(entry: AccessAuditEntry): string {
  return entry.detail && Object.keys(entry.detail).length ? JSON.stringify(entry.detail) : '';
}
