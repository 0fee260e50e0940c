import { computed, onMounted, ref } from 'vue';
import { useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import type { Segment } from '@keeper/shared';
import { deleteSegmentApi, getSegmentListApi } from '@/api/broadcasts';

/** 客户分群: the saved audiences, filtered by name here (the list is short), and what is done with them. */
export function useSegments() {
  const { t } = useI18n();
  const router = useRouter();
  const segments = ref<Segment[]>([]);
  const loading = ref(false);
  const q = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    try {
      segments.value = await getSegmentListApi();
    } catch {
      // Shown by the request client; the last list stays.
    } finally {
      loading.value = false;
    }
  }

  const rows = computed(() => {
    const needle = q.value.trim().toLowerCase();
    const sorted = [...segments.value].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return needle ? sorted.filter((segment) => segment.name.toLowerCase().includes(needle)) : sorted;
  });

  const formVisible = ref(false);
  const editing = ref<Segment | null>(null);

  function openCreate(): void {
    editing.value = null;
    formVisible.value = true;
  }

  function openEdit(segment: Segment): void {
    editing.value = segment;
    formVisible.value = true;
  }

  async function remove(segment: Segment): Promise<void> {
    try {
      await ElMessageBox.confirm(
        t('marketing.segments.deleteConfirm', { name: segment.name }),
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
      await deleteSegmentApi(segment.id);
      ElMessage.success(t('marketing.segments.deleted'));
      void load();
    } catch {
      // Shown by the request client.
    }
  }

  /** 用此分群创建群发: a new customer campaign starting from this audience. */
  function startCampaign(segment: Segment): void {
    void router.push({ name: 'marketing-campaign-new', query: { segmentId: segment.id } });
  }

  onMounted(() => void load());

  return { rows, loading, q, load, formVisible, editing, openCreate, openEdit, remove, startCampaign };
}
