import { computed, onMounted, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import type { Campaign, CampaignPreview, Material } from '@keeper/shared';
import {
  createCampaignApi,
  getBroadcastSettingsApi,
  getCampaignApi,
  getSegmentListApi,
  previewCampaignApi,
  submitCampaignApi,
  updateCampaignApi,
} from '@/api/broadcasts';
import { describeApiError } from '@/api/error-message';
import { translate } from '@/locales';
import { DATE_MINUTE_FORMAT, formatDateTime, shanghaiWallClockToIso } from '@/utils/datetime';
import { cloneFilter } from '../../audience';
import { useMaterialLookup } from '../../components/useMaterialLookup';
import { campaignRoute, formatCount, isEditable } from '../../labels';
import {
  campaignToForm,
  emptyCampaignForm,
  stepProblem,
  STEPS,
  toCampaignInput,
  type CampaignForm,
} from './campaign-form';

/**
 * A new campaign, or a draft (or rejected campaign) edited again, step by step: audience, content, schedule,
 * then the server's preview and submission. The campaign is saved as a draft on the way to the preview (the
 * preview is of a saved campaign), and whenever the marketer saves it to continue later.
 */
export function useCampaignForm() {
  const { t } = useI18n();
  const route = useRoute();
  const router = useRouter();

  const form = ref<CampaignForm>(emptyCampaignForm());
  /** The saved campaign's id: from the address when editing, from the first save when new. */
  const campaignId = ref<string | null>(route.params.id ? String(route.params.id) : null);
  const loading = ref(false);
  const loadError = ref('');
  const rejectedReason = ref<string | null>(null);
  const step = ref(0);
  const saving = ref(false);
  const preview = ref<CampaignPreview | null>(null);
  const previewing = ref(false);
  const submitting = ref(false);
  const approvalRequired = ref(false);

  const materials = useMaterialLookup(() => form.value.materialIds);
  function rememberMaterials(picked: Material[]): void {
    materials.remember(picked);
  }

  async function loadCampaign(id: string): Promise<void> {
    loading.value = true;
    try {
      const campaign = await getCampaignApi(id, { silent: true });
      if (!isEditable(campaign)) {
        ElMessage.warning(t('marketing.form.notEditable'));
        void router.replace(campaignRoute(campaign));
        return;
      }
      form.value = campaignToForm(campaign);
      rejectedReason.value = campaign.status === 'rejected' ? campaign.rejectedReason : null;
    } catch (error) {
      loadError.value = describeApiError(error);
    } finally {
      loading.value = false;
    }
  }

  /** 「用此分群创建群发」: the segment's filter is the starting audience. */
  async function startFromSegment(segmentId: string): Promise<void> {
    try {
      const segment = (await getSegmentListApi({ silent: true })).find((each) => each.id === segmentId);
      if (!segment) return;
      form.value.audience = cloneFilter(segment.filter);
      form.value.segmentId = segment.id;
      form.value.segmentFilter = cloneFilter(segment.filter);
      if (!form.value.name) form.value.name = segment.name;
    } catch {
      // The builder starts empty; the marketer can still pick the segment there.
    }
  }

  async function loadSettings(): Promise<void> {
    try {
      approvalRequired.value = (await getBroadcastSettingsApi({ silent: true })).approvalRequired;
    } catch {
      // The preview step says whether approval is needed once known; the server decides anyway.
    }
  }

  /** Creates the draft the first time, updates it after; the form keeps the id. */
  async function save(): Promise<Campaign | null> {
    saving.value = true;
    try {
      const body = toCampaignInput(form.value);
      const saved = campaignId.value
        ? await updateCampaignApi(campaignId.value, body)
        : await createCampaignApi(body);
      campaignId.value = saved.id;
      return saved;
    } catch {
      // Shown by the request client; the form stays as typed.
      return null;
    } finally {
      saving.value = false;
    }
  }

  async function saveDraft(): Promise<void> {
    const problem = stepProblem(form.value, 'audience');
    if (problem) {
      ElMessage.warning(t(problem));
      return;
    }
    const saved = await save();
    if (!saved) return;
    ElMessage.success(t('marketing.form.draftSaved'));
    void router.push(campaignRoute(saved));
  }

  async function runPreview(): Promise<boolean> {
    const saved = await save();
    if (!saved) return false;
    previewing.value = true;
    try {
      preview.value = await previewCampaignApi(saved.id);
      return true;
    } catch {
      return false;
    } finally {
      previewing.value = false;
    }
  }

  /** Leaves a step only when it is complete; the last step is reached through the server's preview. */
  async function next(): Promise<void> {
    const current = STEPS[step.value]!;
    const problem = stepProblem(form.value, current);
    if (problem) {
      ElMessage.warning(t(problem));
      return;
    }
    if (STEPS[step.value + 1] === 'review') {
      preview.value = null;
      if (!(await runPreview())) return;
    }
    step.value = Math.min(step.value + 1, STEPS.length - 1);
  }

  function back(): void {
    step.value = Math.max(step.value - 1, 0);
  }

  const blocked = computed(() => preview.value?.issues.some((issue) => issue.blocking) ?? true);
  const nothingToSend = computed(() => (preview.value?.recipients ?? 0) === 0);

  const when = computed(() =>
    form.value.scheduleMode === 'later' && form.value.scheduledAt
      ? translate('marketing.form.scheduledFor', {
          time: formatDateTime(shanghaiWallClockToIso(form.value.scheduledAt), DATE_MINUTE_FORMAT),
        })
      : translate(approvalRequired.value ? 'marketing.form.nowAfterApproval' : 'marketing.form.now'),
  );

  async function submit(): Promise<void> {
    if (!campaignId.value || blocked.value) return;
    try {
      await ElMessageBox.confirm(
        t(approvalRequired.value ? 'marketing.form.submitApprovalConfirm' : 'marketing.form.submitConfirm', {
          n: formatCount(preview.value?.recipients ?? 0),
          when: when.value,
        }),
        t('marketing.form.submitTitle'),
        {
          type: 'warning',
          confirmButtonText: t('marketing.form.submit'),
          cancelButtonText: t('common.cancel'),
        },
      );
    } catch {
      return;
    }
    submitting.value = true;
    try {
      const submitted = await submitCampaignApi(campaignId.value);
      // Sent at once, a campaign is 'scheduled' only for the moment before Keeper picks it up.
      const sendingNow = submitted.status === 'scheduled' && !submitted.scheduledAt;
      ElMessage.success(t(sendingNow ? 'marketing.submittedNow' : `marketing.submitted.${submitted.status}`));
      void router.push(campaignRoute(submitted));
    } catch {
      // Shown by the request client.
    } finally {
      submitting.value = false;
    }
  }

  onMounted(() => {
    void loadSettings();
    if (campaignId.value) void loadCampaign(campaignId.value);
    else if (typeof route.query.segmentId === 'string') void startFromSegment(route.query.segmentId);
  });

  return {
    form,
    campaignId,
    loading,
    loadError,
    rejectedReason,
    step,
    saving,
    preview,
    previewing,
    submitting,
    approvalRequired,
    materials: materials.byId,
    rememberMaterials,
    blocked,
    nothingToSend,
    when,
    next,
    back,
    saveDraft,
    submit,
  };
}
