import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Channel } from '@keeper/shared';
import { getMemberListApi } from '@/api/org';
import { deleteChannelApi, getChannelListApi, setChannelEnabledApi } from '@/api/channels';

/** 渠道活码: the codes in the caller's scope, filtered here by name or channel (the list is short). */
export function useChannels() {
  const { t } = useI18n();
  const channels = ref<Channel[]>([]);
  const loading = ref(false);
  const q = ref('');
  /** Member names by userid, for who is on duty; an unknown member shows their userid. */
  const memberNames = ref(new Map<string, string>());
  /** Codes whose switch is waiting for the server. */
  const switching = ref(new Set<string>());

  async function load(): Promise<void> {
    loading.value = true;
    try {
      channels.value = await getChannelListApi();
    } catch {
      // Shown by the request client; the last list stays.
    } finally {
      loading.value = false;
    }
  }

  async function loadMembers(): Promise<void> {
    try {
      // Masked: names are all the list needs, and no phone-reveal row is written to the access audit.
      const page = await getMemberListApi({ page: 1, pageSize: 200, masked: true }, { silent: true });
      memberNames.value = new Map(page.items.map((member) => [member.userId, member.name]));
    } catch {
      // Userids stand in for names.
    }
  }

  const nameOf = (userId: string): string => memberNames.value.get(userId) ?? userId;

  const rows = computed(() => {
    const needle = q.value.trim().toLowerCase();
    const sorted = [...channels.value].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return needle
      ? sorted.filter(
          (channel) =>
            channel.name.toLowerCase().includes(needle) || channel.state.toLowerCase().includes(needle),
        )
      : sorted;
  });

  function replace(saved: Channel): void {
    const index = channels.value.findIndex((channel) => channel.id === saved.id);
    if (index >= 0) channels.value.splice(index, 1, saved);
    else channels.value.unshift(saved);
  }

  async function setEnabled(channel: Channel, enabled: boolean): Promise<void> {
    switching.value.add(channel.id);
    try {
      replace(await setChannelEnabledApi(channel.id, enabled));
      ElMessage.success(t(enabled ? 'channels.enabledOn' : 'channels.enabledOff'));
    } catch {
      // Shown by the request client; the switch keeps the server's state.
    } finally {
      switching.value.delete(channel.id);
    }
  }

  const formVisible = ref(false);
  const editing = ref<Channel | null>(null);

  function openCreate(): void {
    editing.value = null;
    formVisible.value = true;
  }

  function openEdit(channel: Channel): void {
    editing.value = channel;
    formVisible.value = true;
  }

  async function remove(channel: Channel): Promise<void> {
    try {
      await ElMessageBox.confirm(t('channels.deleteConfirm', { name: channel.name }), t('common.delete'), {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
      });
    } catch {
      return;
    }
    try {
      await deleteChannelApi(channel.id);
      channels.value = channels.value.filter((each) => each.id !== channel.id);
      ElMessage.success(t('channels.deleted'));
    } catch {
      // Shown by the request client.
    }
  }

  onMounted(() => {
    void load();
    void loadMembers();
  });

  return {
    rows,
    loading,
    q,
    load,
    nameOf,
    switching,
    setEnabled,
    replace,
    formVisible,
    editing,
    openCreate,
    openEdit,
    remove,
  };
}
