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
import { useArrivalHighlights } from '@/utils/arrival-highlights';
import { usePagedList } from '@/utils/paged-list';
import type { ViolationHandling } from './rules';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_TAG_TYPE: Record<Severity, 'danger' | 'warning' | 'info'> = {
  high: 'danger',
  medium: 'warning',
  low: 'info',
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
  const { pager, rows, total, loading, load, search, prepend } = usePagedList((page) =>
    getViolationListApi({
      ...page,
      status: filters.status,
      severity: filters.severity || undefined,
      memberId: filters.memberId || undefined,
      ruleId: filters.ruleId || undefined,
    }),
  );
  const rules = ref<AuditRule[]>([]);
  const { highlighted, highlight } = useArrivalHighlights();
  const canHandle = computed(() => auth.can(Permission.ViolationsHandle));
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));

  async function loadRules(): Promise<void> {
    try {
      rules.value = await getAuditRuleListApi();
    } catch {
      // The rule filter stays empty.
    }
  }

  watch(() => [filters.status, filters.severity || '', filters.memberId || '', filters.ruleId || ''], search);

  function receive(violation: Violation): void {
    const matches =
      violation.status === filters.status &&
      (!filters.severity || filters.severity === violation.severity) &&
      (!filters.memberId || filters.memberId === violation.member.id) &&
      (!filters.ruleId || filters.ruleId === violation.ruleId);
    if (matches && prepend(violation, (row) => row.id)) highlight(violation.id);
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

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    void load();
    void loadRules();
    unsubscribers.push(
      realtime.onViolationCreated(receive),
      // Rows raised while the socket was away never arrive as events.
      realtime.onConnected(() => void load()),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

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
