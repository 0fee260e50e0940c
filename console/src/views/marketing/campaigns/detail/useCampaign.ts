import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import {
  CampaignStatus,
  Permission,
  type Campaign,
  type CampaignFunnel,
  type Recipient,
  type RecipientState,
  type RemindCampaign,
} from '@keeper/shared';
import {
  approveCampaignApi,
  campaignExportUrl,
  cancelCampaignApi,
  deleteCampaignApi,
  getCampaignApi,
  getCampaignFunnelApi,
  getRecipientListApi,
  refreshCampaignApi,
  rejectCampaignApi,
  remindCampaignApi,
} from '@/api/broadcasts';
import { describeApiError } from '@/api/error-message';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';
import { CANCELLABLE_STATUSES, LIVE_STATUSES, isEditable, sentToWeCom } from '../../labels';

export interface RecipientFilters {
  state: RecipientState | '' | undefined;
  senderId: string | '' | undefined;
  q: string;
}

/**
 * One campaign: its header, its funnel (in total, per sender, per department), its recipients page by page, and
 * what can be done to it (approve or reject, remind, cancel, refresh, export). The server pushes
 * `broadcast:progress` with the campaign's id whenever it moves; the page then reloads what it shows.
 */
export function useCampaign() {
  const { t } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const auth = useAuthStore();
  const realtime = useRealtimeStore();

  const campaignId = computed(() => String(route.params.id ?? ''));
  const campaign = ref<Campaign | null>(null);
  const funnel = ref<CampaignFunnel | null>(null);
  const loading = ref(false);
  const loadError = ref('');

  const canSend = computed(() => auth.can(Permission.BroadcastsSend));
  const canApprove = computed(() => auth.can(Permission.BroadcastsApprove));
  /** Gone to WeCom at some point: there are tasks, results and recipients to show. */
  const hasResults = computed(() => (campaign.value ? sentToWeCom(campaign.value) : false));
  const live = computed(() => (campaign.value ? LIVE_STATUSES.includes(campaign.value.status) : false));

  let sequence = 0;
  async function load(options: { silent?: boolean } = {}): Promise<void> {
    const id = campaignId.value;
    if (!id) return;
    const ticket = ++sequence;
    loading.value = true;
    try {
      const result = await getCampaignApi(id, { silent: true });
      if (ticket !== sequence) return;
      campaign.value = result;
      loadError.value = '';
      if (sentToWeCom(result)) void loadFunnel();
    } catch (error) {
      if (ticket !== sequence) return;
      // The page shows why; a background refresh keeps what is on screen.
      if (!options.silent || !campaign.value) loadError.value = describeApiError(error);
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  let funnelSequence = 0;
  async function loadFunnel(): Promise<void> {
    const ticket = ++funnelSequence;
    try {
      const result = await getCampaignFunnelApi(campaignId.value, { silent: true });
      if (ticket === funnelSequence) funnel.value = result;
    } catch {
      // The totals in the campaign itself still show; the tables wait for the next push.
    }
  }

  // The recipients: by state, by sender, by name.
  const filters = reactive<RecipientFilters>({ state: '', senderId: '', q: '' });
  const recipients = usePagedList<Recipient>((page) =>
    getRecipientListApi(campaignId.value, {
      ...page,
      state: filters.state || undefined,
      senderId: filters.senderId || undefined,
      q: filters.q.trim() || undefined,
    }),
  );
  const { now: searchRecipients, soon: searchRecipientsSoon } = useTypedSearch(recipients.search);
  watch(() => [filters.state || '', filters.senderId || ''], searchRecipients);
  watch(() => filters.q.trim(), searchRecipientsSoon);

  function reloadAll(): void {
    void load({ silent: true });
    if (hasResults.value) void recipients.load();
  }

  /** The campaign after an action the server answered with it; its figures moved too. */
  function applied(next: Campaign): void {
    campaign.value = next;
    if (sentToWeCom(next)) {
      void loadFunnel();
      void recipients.load();
    }
  }

  async function confirmed(message: string, title: string, button: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, title, {
        type: 'warning',
        confirmButtonText: button,
        cancelButtonText: t('common.cancel'),
      });
      return true;
    } catch {
      return false;
    }
  }

  const busy = ref<'' | 'refresh' | 'cancel' | 'approve' | 'reject' | 'remind' | 'delete'>('');

  async function act(kind: Exclude<typeof busy.value, ''>, run: () => Promise<void>): Promise<void> {
    busy.value = kind;
    try {
      await run();
    } catch {
      // Shown by the request client.
    } finally {
      busy.value = '';
    }
  }

  function refresh(): Promise<void> {
    return act('refresh', async () => {
      applied(await refreshCampaignApi(campaignId.value));
      ElMessage.success(t('marketing.campaign.refreshed'));
    });
  }

  async function cancel(): Promise<void> {
    if (!campaign.value) return;
    const ok = await confirmed(
      t('marketing.campaign.cancelConfirm', { name: campaign.value.name }),
      t('marketing.campaign.cancel'),
      t('marketing.campaign.cancel'),
    );
    if (!ok) return;
    await act('cancel', async () => {
      applied(await cancelCampaignApi(campaignId.value));
      ElMessage.success(t('marketing.campaign.cancelled'));
    });
  }

  async function approve(): Promise<void> {
    if (!campaign.value) return;
    const ok = await confirmed(
      t('marketing.campaign.approveConfirm', { name: campaign.value.name }),
      t('marketing.campaign.approve'),
      t('marketing.campaign.approve'),
    );
    if (!ok) return;
    await act('approve', async () => {
      applied(await approveCampaignApi(campaignId.value));
      ElMessage.success(t('marketing.campaign.approved'));
    });
  }

  // Reject: a reason the marketer reads on their campaign.
  const rejectVisible = ref(false);
  const rejectReason = ref('');
  function openReject(): void {
    rejectReason.value = '';
    rejectVisible.value = true;
  }
  async function reject(): Promise<void> {
    const reason = rejectReason.value.trim();
    if (!reason) {
      ElMessage.warning(t('marketing.campaign.rejectReasonRequired'));
      return;
    }
    await act('reject', async () => {
      applied(await rejectCampaignApi(campaignId.value, reason));
      rejectVisible.value = false;
      ElMessage.success(t('marketing.campaign.rejected'));
    });
  }

  // Remind: the senders who have not sent, through WeCom (three a day) or a bot card.
  const remindVisible = ref(false);
  const remindVia = ref<RemindCampaign['via']>('wecom');
  function openRemind(): void {
    remindVia.value = (campaign.value?.remindersLeft ?? 0) > 0 ? 'wecom' : 'bot';
    remindVisible.value = true;
  }
  async function remind(): Promise<void> {
    await act('remind', async () => {
      const result = await remindCampaignApi(campaignId.value, { via: remindVia.value });
      if (campaign.value) campaign.value = { ...campaign.value, remindersLeft: result.remindersLeft };
      remindVisible.value = false;
      ElMessage.success(t('marketing.campaign.reminded', { n: result.reminded }));
    });
  }

  async function remove(): Promise<void> {
    if (!campaign.value) return;
    const ok = await confirmed(
      t('marketing.campaign.deleteConfirm', { name: campaign.value.name }),
      t('common.delete'),
      t('common.delete'),
    );
    if (!ok) return;
    await act('delete', async () => {
      await deleteCampaignApi(campaignId.value);
      ElMessage.success(t('marketing.campaign.deleted'));
      void router.push({ name: 'marketing-campaigns' });
    });
  }

  function exportReport(): void {
    // A plain GET the browser downloads with the session cookie; the server writes the access-audit row.
    const link = document.createElement('a');
    link.href = campaignExportUrl(campaignId.value);
    link.download = '';
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    ElMessage.info(t('marketing.campaign.exportStarted'));
  }

  /** What this user may do to the campaign as it stands; the server checks again. */
  const allowed = computed(() => {
    const status = campaign.value?.status;
    const pendingSenders = (funnel.value?.total ?? campaign.value?.funnel)?.pending ?? 0;
    return {
      edit: canSend.value && campaign.value !== null && isEditable(campaign.value),
      remove: canSend.value && status === CampaignStatus.Draft,
      cancel: canSend.value && status !== undefined && CANCELLABLE_STATUSES.includes(status),
      remind: canSend.value && status === CampaignStatus.Running && pendingSenders > 0,
      refresh: live.value,
      export: hasResults.value,
      approve: canApprove.value && status === CampaignStatus.PendingApproval,
    };
  });

  watch(campaignId, () => {
    campaign.value = null;
    funnel.value = null;
    void load();
  });

  // Once the campaign is known to have results, the recipients load (and follow the filters from then on).
  watch(hasResults, (has) => {
    if (has) recipients.search();
  });

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    void load();
    unsubscribers.push(
      realtime.onBroadcastProgress((id) => {
        if (id === campaignId.value) reloadAll();
      }),
      // Progress pushed while the socket was away never arrived.
      realtime.onConnected(reloadAll),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  return {
    campaignId,
    campaign,
    funnel,
    loading,
    loadError,
    hasResults,
    canSend,
    canApprove,
    filters,
    recipients,
    allowed,
    busy,
    refresh,
    cancel,
    approve,
    rejectVisible,
    rejectReason,
    openReject,
    reject,
    remindVisible,
    remindVia,
    openRemind,
    remind,
    remove,
    exportReport,
  };
}
