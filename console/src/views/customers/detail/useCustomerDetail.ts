import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { Permission, type CustomerDetail, type Follow, type MarkTagsRequest } from '@keeper/shared';
import { getCustomerDetailApi, markCustomerTagsApi } from '@/api/customers';
import { describeApiError } from '@/api/error-message';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import { useTagStore } from '@/stores/tag.store';

/** What a save must send to turn `before` into `after`: tags to add and tags to remove, nothing else. */
export function tagDiff(
  before: readonly string[],
  after: readonly string[],
): Required<Pick<MarkTagsRequest, 'add' | 'remove'>> {
  const had = new Set(before);
  const has = new Set(after);
  return {
    add: [...has].filter((id) => !had.has(id)),
    remove: [...had].filter((id) => !has.has(id)),
  };
}

export function useCustomerDetail() {
  const { t } = useI18n();
  const route = useRoute();
  const auth = useAuthStore();
  const tags = useTagStore();
  const realtime = useRealtimeStore();

  const externalUserId = computed(() => String(route.params.externalUserId ?? ''));
  const detail = ref<CustomerDetail | null>(null);
  const loading = ref(false);
  const loadError = ref('');
  const savingTagsFor = ref<string | null>(null);
  const canWrite = computed(() => auth.can(Permission.CustomersWrite));

  const remarkFollow = ref<Follow | null>(null);
  const remarkVisible = ref(false);

  const memberNames = computed(
    () =>
      new Map(
        (detail.value?.follows ?? []).flatMap((follow) =>
          follow.userId && follow.memberName ? [[follow.userId, follow.memberName] as const] : [],
        ),
      ),
  );

  let sequence = 0;
  async function load(options: { silent?: boolean } = {}): Promise<void> {
    const id = externalUserId.value;
    if (!id) return;
    const ticket = ++sequence;
    loading.value = true;
    try {
      const result = await getCustomerDetailApi(id, { silent: true });
      if (ticket !== sequence) return;
      detail.value = result;
      loadError.value = '';
    } catch (error) {
      if (ticket !== sequence) return;
      // The page shows why; a background refresh keeps what is on screen.
      if (!options.silent || !detail.value) loadError.value = describeApiError(error);
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  async function saveTags(follow: Follow, selected: string[]): Promise<void> {
    const userId = follow.userId;
    if (!userId) return;
    const { add, remove } = tagDiff(
      follow.tags.map((tag) => tag.id),
      selected,
    );
    if (!add.length && !remove.length) {
      ElMessage.info(t('customerDetail.tagsUnchanged'));
      return;
    }
    savingTagsFor.value = userId;
    try {
      detail.value = await markCustomerTagsApi(externalUserId.value, { userId, add, remove });
      ElMessage.success(t('customerDetail.tagsSaved'));
      // Customer counts on the tags page changed.
      void tags.refresh({ silent: true });
    } catch {
      // Shown by the request client; the editor keeps the user's choice to retry.
    } finally {
      savingTagsFor.value = null;
    }
  }

  function openRemark(follow: Follow): void {
    remarkFollow.value = follow;
    remarkVisible.value = true;
  }

  function onRemarkSaved(next: CustomerDetail): void {
    detail.value = next;
    ElMessage.success(t('customerDetail.remarkSaved'));
  }

  watch(externalUserId, () => {
    detail.value = null;
    void load();
  });

  let unsubscribe: (() => void) | undefined;
  onMounted(() => {
    void load();
    void tags.ensureLoaded();
    // A callback (a member deleted them, a remark changed in WeCom) updates the page while it is open.
    unsubscribe = realtime.onCustomerChanged((id) => {
      if (id === externalUserId.value) void load({ silent: true });
    });
  });
  onBeforeUnmount(() => unsubscribe?.());

  return {
    externalUserId,
    detail,
    loading,
    loadError,
    canWrite,
    savingTagsFor,
    memberNames,
    remarkFollow,
    remarkVisible,
    load,
    saveTags,
    openRemark,
    onRemarkSaved,
  };
}
