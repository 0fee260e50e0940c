import { ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { BroadcastSettings } from '@keeper/shared';
import { getBroadcastSettingsApi, updateBroadcastSettingsApi } from '@/api/broadcasts';

/** The settings dialog: loads the corp's campaign settings each time it opens, saves them and closes. */
export function useBroadcastSettings(visible: Ref<boolean>) {
  const { t } = useI18n();
  const settings = ref<BroadcastSettings | null>(null);
  const loading = ref(false);
  const saving = ref(false);

  watch(visible, async (open) => {
    if (!open) return;
    loading.value = true;
    try {
      settings.value = await getBroadcastSettingsApi();
    } catch {
      // Shown by the request client; nothing to edit.
      visible.value = false;
    } finally {
      loading.value = false;
    }
  });

  async function save(): Promise<void> {
    if (!settings.value) return;
    saving.value = true;
    try {
      settings.value = await updateBroadcastSettingsApi(settings.value);
      ElMessage.success(t('marketing.settings.saved'));
      visible.value = false;
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      saving.value = false;
    }
  }

  return { settings, loading, saving, save };
}
