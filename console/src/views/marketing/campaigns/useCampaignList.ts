import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  CampaignStatus,
  Permission,
  type Campaign,
  type CampaignKind,
  type CampaignStatus as CampaignStatusValue,
} from '@keeper/shared';
import { deleteCampaignApi, getCampaignListApi } from '@/api/broadcasts';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';

export interface CampaignFilters {
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  status: CampaignStatusValue | '' | undefined;
  kind: CampaignKind | '' | undefined;
  q: string;
}

/**
 * 群发任务: campaigns by status, kind and name; for managers, how many wait for their approval (one click shows
 * them). A campaign's progress pushed by the server reloads the page when that campaign is on it.
 */
export function useCampaignList() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const realtime = useRealtimeStore();

  const canSend = computed(() => auth.can(Permission.BroadcastsSend));
  const canApprove = computed(() => auth.can(Permission.BroadcastsApprove));
  /** The receive rule and approval are the corp's: only a corp-wide account that approves changes them. */
  const canConfigure = computed(() => auth.canCorpWide(Permission.BroadcastsApprove));

  // A manager who only approves comes here for what waits on them.
  const filters = reactive<CampaignFilters>({
    status: canApprove.value && !canSend.value ? CampaignStatus.PendingApproval : '',
    kind: '',
    q: '',
  });
  const list = usePagedList<Campaign>((page) =>
    getCampaignListApi({
      ...page,
      status: filters.status || undefined,
      kind: filters.kind || undefined,
      q: filters.q.trim() || undefined,
    }),
  );
  const { now, soon } = useTypedSearch(list.search);
  watch(() => [filters.status || '', filters.kind || ''], now);
  watch(() => filters.q.trim(), soon);

  /** Campaigns waiting for approval, for the banner approvers see. */
  const pendingApproval = ref(0);
  async function countPending(): Promise<void> {
    if (!canApprove.value) return;
    try {
      const page = await getCampaignListApi(
        { status: CampaignStatus.PendingApproval, page: 1, pageSize: 1 },
        { silent: true },
      );
      pendingApproval.value = page.total;
    } catch {
      // The banner is a convenience; the status filter still finds them.
    }
  }

  function reload(): void {
    void list.load();
    void countPending();
  }

  function showPending(): void {
    filters.status = CampaignStatus.PendingApproval;
  }

  async function remove(campaign: Campaign): Promise<void> {
    try {
      await ElMessageBox.confirm(
        t('marketing.campaign.deleteConfirm', { name: campaign.name }),
        t('common.delete'),
        {
          type: 'warning',
          confirmButtonText: t('common.delete'),
          cancelButtonText: t('common.cancel'),
        },
      );
    } catch {
      return;
    }
    try {
      await deleteCampaignApi(campaign.id);
      ElMessage.success(t('marketing.campaign.deleted'));
      reload();
    } catch {
      // Shown by the request client.
    }
  }

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    reload();
    unsubscribers.push(
      realtime.onBroadcastProgress((campaignId) => {
        if (list.rows.value.some((row) => row.id === campaignId)) void list.load();
        void countPending();
      }),
      realtime.onConnected(reload),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  return {
    ...list,
    filters,
    canSend,
    canApprove,
    canConfigure,
    pendingApproval,
    showPending,
    remove,
    reload,
    statuses: Object.values(CampaignStatus),
    kinds: ['customers', 'groups', 'staff'] as const,
  };
}
