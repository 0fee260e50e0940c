import { onBeforeUnmount, onMounted, ref } from 'vue';
import {
  CampaignStatus,
  type Campaign,
  type CampaignStatus as CampaignStatusValue,
  type Material,
} from '@keeper/shared';
import { getCampaignListApi } from '@/api/broadcasts';
import { getMaterialListApi } from '@/api/materials';
import { useRealtimeStore } from '@/stores/realtime.store';

/** How many of each the home page shows; the lists link to the rest. */
export const HOME_CAMPAIGNS = 5;
export const HOME_MATERIALS = 6;

interface CampaignShelf {
  rows: Campaign[];
  total: number;
}

/**
 * The marketer's home: campaigns sending now (with their funnel in brief), those waiting for a manager's
 * approval, drafts to finish, and the newest materials. A campaign's progress pushed by the server reloads the
 * shelves.
 */
export function useMarketingHome() {
  const realtime = useRealtimeStore();
  const running = ref<CampaignShelf | null>(null);
  const pending = ref<CampaignShelf | null>(null);
  const drafts = ref<CampaignShelf | null>(null);
  const materials = ref<Material[] | null>(null);

  async function shelf(status: CampaignStatusValue): Promise<CampaignShelf | null> {
    try {
      // Silent: one shelf that cannot load must not raise four toasts; it shows as empty.
      const page = await getCampaignListApi({ status, page: 1, pageSize: HOME_CAMPAIGNS }, { silent: true });
      return { rows: page.items, total: page.total };
    } catch {
      return { rows: [], total: 0 };
    }
  }

  async function loadCampaigns(): Promise<void> {
    const [nowRunning, waiting, draft] = await Promise.all([
      shelf(CampaignStatus.Running),
      shelf(CampaignStatus.PendingApproval),
      shelf(CampaignStatus.Draft),
    ]);
    running.value = nowRunning;
    pending.value = waiting;
    drafts.value = draft;
  }

  async function loadMaterials(): Promise<void> {
    try {
      materials.value = (
        await getMaterialListApi({ page: 1, pageSize: HOME_MATERIALS }, { silent: true })
      ).items;
    } catch {
      materials.value = [];
    }
  }

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    void loadCampaigns();
    void loadMaterials();
    unsubscribers.push(
      realtime.onBroadcastProgress(() => void loadCampaigns()),
      realtime.onConnected(() => void loadCampaigns()),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  return { running, pending, drafts, materials, reload: loadCampaigns };
}
