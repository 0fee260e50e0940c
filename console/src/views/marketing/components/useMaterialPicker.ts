import { reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { MaterialKind, type Material } from '@keeper/shared';
import { getMaterialListApi } from '@/api/materials';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';

export const PICKER_KINDS = ['all', ...Object.values(MaterialKind)] as const;
export type PickerKind = (typeof PICKER_KINDS)[number];

/**
 * The materials picker: the library by kind and title, reloaded each time the dialog opens, and the materials
 * chosen so far (in the order chosen, at most `max()`; those `attached()` already cannot be chosen again).
 */
export function useMaterialPicker(
  visible: Ref<boolean>,
  max: () => number,
  attached: () => readonly string[],
) {
  const { t } = useI18n();
  const filters = reactive<{ kind: PickerKind; q: string }>({ kind: 'all', q: '' });
  const list = usePagedList<Material>((page) =>
    getMaterialListApi({
      ...page,
      kind: filters.kind === 'all' ? undefined : filters.kind,
      q: filters.q.trim() || undefined,
    }),
  );
  const { now, soon } = useTypedSearch(list.search);
  watch(() => filters.kind, now);
  watch(() => filters.q.trim(), soon);

  const chosen = ref<Material[]>([]);

  watch(visible, (open) => {
    if (!open) return;
    chosen.value = [];
    list.search();
  });

  function isChosen(material: Material): boolean {
    return chosen.value.some((each) => each.id === material.id);
  }

  function toggle(material: Material): void {
    if (attached().includes(material.id)) return;
    if (isChosen(material)) {
      chosen.value = chosen.value.filter((each) => each.id !== material.id);
    } else if (chosen.value.length < max()) {
      chosen.value = [...chosen.value, material];
    } else {
      ElMessage.warning(t('marketing.content.attachmentsFull'));
    }
  }

  return { filters, list, chosen, isChosen, toggle };
}
