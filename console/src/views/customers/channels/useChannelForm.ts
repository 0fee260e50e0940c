import { ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Channel, Material } from '@keeper/shared';
import { createChannelApi, updateChannelApi } from '@/api/channels';
import { ApiRequestError } from '@/api/request';
import { useMaterialLookup } from '@/views/marketing/components/useMaterialLookup';
import {
  draftFrom,
  emptyDraft,
  emptyShift,
  hasErrors,
  SHIFTS_MAX,
  toInput,
  validateDraft,
  type ChannelDraft,
  type ChannelFormErrors,
} from './channel-form';

/**
 * The channel code form: filled from the code edited (or the defaults) when it opens, checked against the
 * contract's rules before it is sent, the server's refusal left to the request client to show.
 */
export function useChannelForm(
  visible: Ref<boolean>,
  channel: () => Channel | null,
  onSaved: (channel: Channel) => void,
) {
  const { t } = useI18n();
  const draft = ref<ChannelDraft>(emptyDraft());
  const errors = ref<ChannelFormErrors>({ shift: {} });
  /** Errors show after the first save attempt, then follow every edit. */
  const checked = ref(false);
  const saving = ref(false);
  const materials = useMaterialLookup(() => draft.value.welcomeMaterialIds);

  watch(visible, (open) => {
    if (!open) return;
    const edited = channel();
    draft.value = edited ? draftFrom(edited) : emptyDraft();
    errors.value = { shift: {} };
    checked.value = false;
  });

  watch(
    draft,
    (value) => {
      if (checked.value) errors.value = validateDraft(value);
    },
    { deep: true },
  );

  function addShift(): void {
    if (draft.value.shifts.length >= SHIFTS_MAX) return;
    draft.value.shifts.push(emptyShift());
  }

  function removeShift(index: number): void {
    draft.value.shifts.splice(index, 1);
  }

  function rememberMaterials(picked: Material[]): void {
    materials.remember(picked);
  }

  async function submit(): Promise<void> {
    checked.value = true;
    errors.value = validateDraft(draft.value);
    if (hasErrors(errors.value)) {
      ElMessage.warning(t('channels.rules.fix'));
      return;
    }
    saving.value = true;
    try {
      const body = toInput(draft.value);
      const edited = channel();
      const saved = edited ? await updateChannelApi(edited.id, body) : await createChannelApi(body);
      ElMessage.success(t('channels.saved'));
      onSaved(saved);
      visible.value = false;
    } catch (error) {
      // Shown by the request client; the dialog stays open. A taken channel parameter (409) is also named
      // beside the field it concerns.
      if (error instanceof ApiRequestError && error.status === 409) {
        errors.value = { ...errors.value, state: t('channels.rules.stateTaken') };
      }
    } finally {
      saving.value = false;
    }
  }

  return {
    draft,
    errors,
    saving,
    materials: materials.byId,
    rememberMaterials,
    addShift,
    removeShift,
    submit,
  };
}
