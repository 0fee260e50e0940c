import { onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { MaterialKind, type Material, type MaterialKind as MaterialKindValue } from '@keeper/shared';
import { deleteMaterialApi, getMaterialListApi } from '@/api/materials';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';

export const MATERIAL_TABS = ['all', ...Object.values(MaterialKind)] as const;
export type MaterialTab = (typeof MATERIAL_TABS)[number];

/** 素材库: the library by kind and title, and adding, editing and deleting its materials. */
export function useMaterials() {
  const { t } = useI18n();
  const filters = reactive<{ kind: MaterialTab; q: string }>({ kind: 'all', q: '' });
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

  // The form: a new material of a kind, or one to edit.
  const formVisible = ref(false);
  const formKind = ref<MaterialKindValue>('image');
  const editing = ref<Material | null>(null);

  function openCreate(kind: MaterialKindValue): void {
    editing.value = null;
    formKind.value = kind;
    formVisible.value = true;
  }

  function openEdit(material: Material): void {
    editing.value = material;
    formKind.value = material.kind;
    formVisible.value = true;
  }

  async function remove(material: Material): Promise<void> {
    try {
      await ElMessageBox.confirm(
        t('marketing.materials.deleteConfirm', { name: material.title }),
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
      await deleteMaterialApi(material.id);
      ElMessage.success(t('marketing.materials.deleted'));
      void list.load();
    } catch {
      // Shown by the request client.
    }
  }

  onMounted(() => void list.load());

  return { ...list, filters, formVisible, formKind, editing, openCreate, openEdit, remove };
}
