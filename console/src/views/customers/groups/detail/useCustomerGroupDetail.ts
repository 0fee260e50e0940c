import { computed, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import type { CustomerGroupDetail } from '@keeper/shared';
import { getCustomerGroupDetailApi } from '@/api/customer-groups';
import { describeApiError } from '@/api/error-message';

export type GroupMember = CustomerGroupDetail['members'][number];

export function useCustomerGroupDetail() {
  const route = useRoute();
  const chatId = computed(() => String(route.params.chatId ?? ''));
  const detail = ref<CustomerGroupDetail | null>(null);
  const loading = ref(false);
  const loadError = ref('');

  /** Those still in the group first, then those who left; each part by when they joined. */
  const members = computed(() =>
    [...(detail.value?.members ?? [])].sort(
      (a, b) =>
        Number(a.leftAt !== null) - Number(b.leftAt !== null) ||
        Date.parse(a.joinedAt ?? '') - Date.parse(b.joinedAt ?? ''),
    ),
  );
  const history = computed(() =>
    [...(detail.value?.history ?? [])].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt)),
  );

  async function load(): Promise<void> {
    if (!chatId.value) return;
    loading.value = true;
    try {
      detail.value = await getCustomerGroupDetailApi(chatId.value);
      loadError.value = '';
    } catch (error) {
      loadError.value = describeApiError(error);
    } finally {
      loading.value = false;
    }
  }

  watch(chatId, () => void load(), { immediate: true });

  return { chatId, detail, members, history, loading, loadError, load };
}
