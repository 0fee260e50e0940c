import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import {
  Permission,
  ViolationStatus,
  type AuditRule,
  type Violation,
  type ViolationStatus as Status,
} from '@keeper/shared';
import { getAuditRuleListApi } from '@/api/audit-rules';
import { getViolationListApi } from '@/api/violations';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import type { ViolationHandling } from './rules';

/** How long a row that just arrived stays highlighted. */
export const HIGHLIGHT_MS = 4_000;
export const PAGE_SIZES = [20, 50, 100];
export const SEVERITIES = ['high', 'medium', 'low'] as const;
type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_TAG_TYPE: Record<Severity, 'danger' | 'warning' | 'info'> = {
  high: 'danger',
  medium: 'warning',
  low: 'info',
};

export const STATUS_TAG_TYPE: Record<Status, 'danger' | 'success' | 'info'> = {
  new: 'danger',
  confirmed: 'success',
  dismissed: 'info',
};

interface ViolationFilters {
  status: Status;
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  severity: Severity | '' | undefined;
  memberId: string | undefined;
  ruleId: string | undefined;
}

/** The violation inbox: new ones arrive over the socket and join the first page of a list they belong to. */
export function useViolations() {
  const auth = useAuthStore();
  const realtime = useRealtimeStore();

  const filters = reactive<ViolationFilters>({
    status: ViolationStatus.New,
    severity: '',
    memberId: undefined,
    ruleId: undefined,
  });
  const pager = reactive({ page: 1, pageSize: PAGE_SIZES[0] ?? 20 });
  const rows = ref<Violation[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const rules = ref<AuditRule[]>([]);
  const highlighted = ref(new Set<string>());
  const canHandle = computed(() => auth.can(Permission.ViolationsHandle));
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));

  let sequence = 0;
  async function load(): Promise<void> {
    const ticket = ++sequence;
    loading.value = true;
    try {
      const page = await getViolationListApi({
        page: pager.page,
        pageSize: pager.pageSize,
        status: filters.status,
        severity: filters.severity || undefined,
        memberId: filters.memberId || undefined,
        ruleId: filters.ruleId || undefined,
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

  async function loadRules(): Promise<void> {
    try {
      rules.value = await getAuditRuleListApi();
    } catch {
      // The rule filter stays empty.
    }
  }

  function search(): void {
    pager.page = 1;
    void load();
  }

  watch(() => [filters.status, filters.severity || '', filters.memberId || '', filters.ruleId || ''], search);

  const timers = new Set<ReturnType<typeof setTimeout>>();
  function highlight(id: string): void {
    highlighted.value = new Set(highlighted.value).add(id);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const next = new Set(highlighted.value);
      next.delete(id);
      highlighted.value = next;
    }, HIGHLIGHT_MS);
    timers.add(timer);
  }

  function receive(violation: Violation): void {
    const matches =
      violation.status === filters.status &&
      (!filters.severity || filters.severity === violation.severity) &&
      (!filters.memberId || filters.memberId === violation.member.id) &&
      (!filters.ruleId || filters.ruleId === violation.ruleId);
    if (!matches || pager.page !== 1 || rows.value.some((row) => row.id === violation.id)) return;
    rows.value = [violation, ...rows.value].slice(0, pager.pageSize);
    total.value += 1;
    highlight(violation.id);
  }

  const handleVisible = ref(false);
  const handling = ref<ViolationHandling | null>(null);

  function openHandle(violation: Violation, status: ViolationHandling['status']): void {
    handling.value = { id: violation.id, ruleName: violation.ruleName, note: violation.note, status };
    handleVisible.value = true;
  }

  function onHandled(updated: Violation): void {
    if (updated.status === filters.status) {
      rows.value = rows.value.map((row) => (row.id === updated.id ? updated : row));
    } else {
      rows.value = rows.value.filter((row) => row.id !== updated.id);
      total.value = Math.max(0, total.value - 1);
    }
  }

  let unsubscribe: (() => void) | undefined;
  onMounted(() => {
    void load();
    void loadRules();
    unsubscribe = realtime.onViolationCreated(receive);
  });
  onBeforeUnmount(() => {
    unsubscribe?.();
    for (const timer of timers) clearTimeout(timer);
  });

  return {
    statuses: Object.values(ViolationStatus),
    severities: SEVERITIES,
    filters,
    pager,
    rows,
    total,
    loading,
    rules,
    highlighted,
    canHandle,
    canReadOrg,
    load,
    search,
    handleVisible,
    handling,
    openHandle,
    onHandled,
  };
}
