import { computed, onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { HandoverCase, PlanPreview, PlanRequest } from '@keeper/shared';
import { previewHandoverPlanApi, startHandoverPlanApi } from '@/api/reassign';
import { useTagStore } from '@/stores/tag.store';
import { emptyPlannerForm, toPlanRequest } from './planner';

/**
 * The planner of a case: the form, 预览 (the server says what would happen to each customer, nothing is
 * written) and 开始交接, which stores exactly the plan previewed once the manager confirms.
 */
export function usePlanner(
  handoverCase: () => HandoverCase,
  checkedIds: () => readonly string[],
  onStarted: (next: HandoverCase) => void,
) {
  const { t } = useI18n();
  const tags = useTagStore();
  const form = reactive(emptyPlannerForm());
  const onJob = computed(() => handoverCase().kind === 'on_job');

  const previewing = ref(false);
  const preview = ref<PlanPreview | null>(null);
  const previewVisible = ref(false);
  const starting = ref(false);
  /** The plan the preview on screen is of: 开始交接 sends exactly that one. */
  let previewed: PlanRequest | null = null;

  async function runPreview(): Promise<void> {
    const result = toPlanRequest(form, handoverCase().kind, checkedIds());
    if ('problem' in result) {
      ElMessage.warning(t(result.problem));
      return;
    }
    previewing.value = true;
    try {
      preview.value = await previewHandoverPlanApi(handoverCase().id, result.plan);
      previewed = result.plan;
      previewVisible.value = true;
    } catch {
      // Shown by the request client.
    } finally {
      previewing.value = false;
    }
  }

  async function start(): Promise<void> {
    const plan = previewed;
    const shown = preview.value;
    if (!plan || !shown) return;
    if (!shown.go && !shown.groups) {
      ElMessage.warning(t('handover.nothingToGo'));
      return;
    }
    try {
      await ElMessageBox.confirm(
        t('handover.startConfirm', { go: shown.go, groups: shown.groups }),
        t('handover.startConfirmTitle'),
        { type: 'warning', confirmButtonText: t('handover.start'), cancelButtonText: t('common.cancel') },
      );
    } catch {
      return;
    }
    starting.value = true;
    try {
      const next = await startHandoverPlanApi(handoverCase().id, plan);
      previewVisible.value = false;
      ElMessage.success(t('handover.started'));
      onStarted(next);
    } catch {
      // Shown by the request client; the preview stays open.
    } finally {
      starting.value = false;
    }
  }

  function addReceiver(): void {
    form.receivers.push(undefined);
  }

  function removeReceiver(index: number): void {
    form.receivers.splice(index, 1);
    if (!form.receivers.length) form.receivers.push(undefined);
  }

  onMounted(() => void tags.ensureLoaded());

  return {
    form,
    onJob,
    previewing,
    preview,
    previewVisible,
    starting,
    runPreview,
    start,
    addReceiver,
    removeReceiver,
  };
}
