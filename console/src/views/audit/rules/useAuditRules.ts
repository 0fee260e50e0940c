import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { Permission, type AuditRule, type AuditRuleInput } from '@keeper/shared';
import { deleteAuditRuleApi, getAuditRuleListApi, updateAuditRuleApi } from '@/api/audit-rules';
import { useAuthStore } from '@/stores/auth.store';
import { useOrgStore } from '@/stores/org.store';
import { ruleProblemText } from './rules';

/** How many patterns the list shows before "…". */
export const PREVIEW_PATTERNS = 3;

export const SEVERITY_TAG_TYPE: Record<AuditRule['severity'], 'danger' | 'warning' | 'info'> = {
  high: 'danger',
  medium: 'warning',
  low: 'info',
};

export function toRuleInput(rule: AuditRule, overrides: Partial<AuditRuleInput> = {}): AuditRuleInput {
  return {
    name: rule.name,
    kind: rule.kind,
    patterns: rule.patterns,
    severity: rule.severity,
    departmentIds: rule.departmentIds,
    enabled: rule.enabled,
    ...overrides,
  };
}

/** The audit rules: everyone who reads chats sees them; `audit_rules.manage` changes them. */
export function useAuditRules() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const org = useOrgStore();

  const rules = ref<AuditRule[]>([]);
  const loading = ref(false);
  const toggling = ref<string | null>(null);
  const canManage = computed(() => auth.can(Permission.AuditRulesManage));
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));
  /**
   * The departments a scoped account may aim rules at: its own, with their sub-trees (the org overview the
   * server answers such an account lists exactly those).
   */
  const ownDepartments = computed(
    () => new Set([...(auth.me?.scope.departmentIds ?? []), ...org.departments.map((d) => d.id)]),
  );

  /**
   * Why the server would refuse this account a change to the rule, or null when it would accept it: a rule for
   * everyone (no departments) needs an account that sees the whole corp, and a rule aimed at departments
   * outside the account's scope is not theirs to change. The server checks again; this keeps the page from
   * offering what it would refuse.
   */
  function lockedReason(rule: AuditRule): string | null {
    if (auth.corpWide) return null;
    if (rule.departmentIds.length === 0) return t('auditRules.lockedCorpWide');
    if (rule.departmentIds.some((id) => !ownDepartments.value.has(id)))
      return t('auditRules.lockedOutOfScope');
    return null;
  }
  const canChange = (rule: AuditRule) => canManage.value && lockedReason(rule) === null;
  /** A re-scan runs the rules over the whole corp's chats: the server takes it only from a corp-wide account. */
  const canRescan = computed(() => auth.canCorpWide(Permission.AuditRulesManage));
  /** An account limited to no department at all has nothing a rule of theirs could be aimed at. */
  const canCreate = computed(
    () => canManage.value && (auth.corpWide || (auth.me?.scope.departmentIds.length ?? 0) > 0),
  );

  async function load(): Promise<void> {
    loading.value = true;
    try {
      rules.value = await getAuditRuleListApi();
    } catch {
      // The request client has already shown the reason.
    } finally {
      loading.value = false;
    }
  }

  /**
   * The departments a rule is aimed at, by name. A scoped account is told only its own departments' names, so
   * the others are counted rather than shown as bare ids.
   */
  function departmentNames(rule: AuditRule): string {
    if (!rule.departmentIds.length) return t('auditRules.allMembers');
    if (!org.overview) return rule.departmentIds.join('、');
    const known = rule.departmentIds.flatMap((id) => org.departmentNames.get(id) ?? []);
    const unknown = rule.departmentIds.length - known.length;
    return [...known, ...(unknown ? [t('auditRules.otherDepartments', { n: unknown })] : [])].join('、');
  }

  function replace(rule: AuditRule): void {
    const exists = rules.value.some((item) => item.id === rule.id);
    rules.value = exists
      ? rules.value.map((item) => (item.id === rule.id ? rule : item))
      : [...rules.value, rule];
  }

  async function toggle(rule: AuditRule, enabled: boolean): Promise<void> {
    const problem = enabled ? ruleProblemText(rule) : null;
    if (problem !== null) {
      // The server refuses to switch on a rule its engine cannot run; say why here, in the reader's words.
      ElMessage.error(problem);
      return;
    }
    toggling.value = rule.id;
    try {
      replace(await updateAuditRuleApi(rule.id, toRuleInput(rule, { enabled })));
      ElMessage.success(t(enabled ? 'auditRules.turnedOn' : 'auditRules.turnedOff'));
    } catch {
      // Shown by the request client; the switch stays where the server has it.
    } finally {
      toggling.value = null;
    }
  }

  async function remove(rule: AuditRule): Promise<void> {
    try {
      await ElMessageBox.confirm(t('auditRules.deleteConfirm', { name: rule.name }), t('common.delete'), {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
      });
    } catch {
      return;
    }
    try {
      await deleteAuditRuleApi(rule.id);
      rules.value = rules.value.filter((item) => item.id !== rule.id);
      ElMessage.success(t('auditRules.deleted'));
    } catch {
      // Shown by the request client (409 for a built-in rule).
    }
  }

  // The create/edit dialog and the re-scan dialog.
  const formVisible = ref(false);
  const editing = ref<AuditRule | null>(null);
  const rescanVisible = ref(false);

  function openCreate(): void {
    editing.value = null;
    formVisible.value = true;
  }

  function openEdit(rule: AuditRule): void {
    editing.value = rule;
    formVisible.value = true;
  }

  onMounted(() => {
    void load();
    if (canReadOrg.value && !org.overview) void org.refresh({ silent: true });
  });

  return {
    rules,
    loading,
    toggling,
    canManage,
    canChange,
    canRescan,
    canCreate,
    lockedReason,
    load,
    departmentNames,
    replace,
    toggle,
    remove,
    formVisible,
    editing,
    rescanVisible,
    openCreate,
    openEdit,
  };
}
