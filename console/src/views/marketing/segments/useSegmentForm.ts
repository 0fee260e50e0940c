import { reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { AudienceFilter, Segment } from '@keeper/shared';
import { createSegmentApi, updateSegmentApi } from '@/api/broadcasts';
import { cloneFilter, emptyFilter, normalizeFilter } from '../audience';

/** The segment form: name, description and filter, filled from the segment edited (or empty) when it opens. */
export function useSegmentForm(
  visible: Ref<boolean>,
  segment: () => Segment | null,
  onSaved: (segment: Segment) => void,
) {
  const { t } = useI18n();
  const draft = reactive<{ name: string; description: string }>({ name: '', description: '' });
  const filter = ref<AudienceFilter>(emptyFilter());
  const saving = ref(false);

  watch(visible, (open) => {
    if (!open) return;
    const edited = segment();
    draft.name = edited?.name ?? '';
    draft.description = edited?.description ?? '';
    filter.value = edited ? cloneFilter(edited.filter) : emptyFilter();
  });

  async function submit(): Promise<void> {
    if (!draft.name.trim()) {
      ElMessage.warning(t('marketing.segments.nameRequired'));
      return;
    }
    saving.value = true;
    try {
      const body = {
        name: draft.name.trim(),
        description: draft.description.trim() || null,
        filter: normalizeFilter(filter.value),
      };
      const edited = segment();
      const saved = edited ? await updateSegmentApi(edited.id, body) : await createSegmentApi(body);
      ElMessage.success(t('marketing.segments.saved'));
      onSaved(saved);
      visible.value = false;
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      saving.value = false;
    }
  }

  return { draft, filter, saving, submit };
}
