import { computed, reactive, ref, watch } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import type { FormInstance } from 'element-plus';
import { Permission, RuleKind, type AuditRule, type AuditRuleInput } from '@keeper/shared';
import { createAuditRuleApi, updateAuditRuleApi } from '@/api/audit-rules';
import { useAuthStore } from '@/stores/auth.store';
import { useOrgStore } from '@/stores/org.store';
import { createRuleFormRules, KINDS_WITH_PATTERNS, patternLines, type RuleFormModel } from './rules';

interface RuleFormOptions {
  visible: () => boolean;
  rule: () => AuditRule | null;
  onSaved: (rule: AuditRule) => void;
  close: () => void;
}

const emptyModel = (): RuleFormModel => ({
  name: '',
  kind: RuleKind.Keywords,
  patternsText: '',
  severity: 'medium',
  departmentIds: [],
  enabled: true,
});

export function useRuleForm(options: RuleFormOptions) {
  const { t } = useI18n();
  const auth = useAuthStore();
  const { departmentTree } = storeToRefs(useOrgStore());

  const formRef = ref<FormInstance>();
  const model = reactive<RuleFormModel>(emptyModel());
  const saving = ref(false);
  const mode = computed(() => (options.rule() ? 'edit' : 'create'));
  const rules = createRuleFormRules(
    () => model,
    () => auth.corpWide,
  );
  const title = computed(() => t(mode.value === 'edit' ? 'auditRules.editTitle' : 'auditRules.createTitle'));
  const hasPatterns = computed(() => KINDS_WITH_PATTERNS.has(model.kind));
  const lineCount = computed(() => patternLines(model.patternsText).length);
  const canPickDepartments = computed(() => auth.can(Permission.OrgRead));

  watch(options.visible, (open) => {
    if (!open) return;
    const rule = options.rule();
    Object.assign(
      model,
      rule
        ? {
            name: rule.name,
            kind: rule.kind,
            patternsText: rule.patterns.join('\n'),
            severity: rule.severity,
            departmentIds: [...rule.departmentIds],
            enabled: rule.enabled,
          }
        : emptyModel(),
    );
    formRef.value?.clearValidate();
  });

  // A kind's patterns mean nothing to another kind: keep the error of the old kind off the new one.
  watch(
    () => model.kind,
    () => formRef.value?.clearValidate('patternsText'),
  );

  function toInput(): AuditRuleInput {
    return {
      name: model.name.trim(),
      kind: model.kind,
      patterns: hasPatterns.value ? patternLines(model.patternsText) : [],
      severity: model.severity,
      departmentIds: model.departmentIds,
      enabled: model.enabled,
    };
  }

  async function submit(): Promise<void> {
    if (!(await formRef.value?.validate().catch(() => false))) return;
    saving.value = true;
    try {
      const rule = options.rule();
      const saved = rule ? await updateAuditRuleApi(rule.id, toInput()) : await createAuditRuleApi(toInput());
      ElMessage.success(t('auditRules.saved'));
      options.onSaved(saved);
      options.close();
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      saving.value = false;
    }
  }

  return {
    formRef,
    model,
    saving,
    mode,
    rules,
    title,
    hasPatterns,
    lineCount,
    canPickDepartments,
    departmentTree,
    corpWide: computed(() => auth.corpWide),
    kinds: Object.values(RuleKind),
    severities: ['high', 'medium', 'low'] as const,
    submit,
  };
}
