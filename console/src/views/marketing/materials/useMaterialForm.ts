import { computed, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Material, MaterialInput, MaterialKind } from '@keeper/shared';
import { createMaterialApi, updateMaterialApi } from '@/api/materials';
import { FILE_RULES, fileNeed, fileProblem } from './material-rules';

interface Draft {
  title: string;
  description: string;
  url: string;
  appId: string;
  page: string;
}

const HTTP_URL = /^https?:\/\/\S+$/i;

/**
 * The material form: its texts, the chosen file (checked against WeCom's limits as it is chosen) and saving.
 * A new material with a file goes as multipart; edits send the texts only.
 */
export function useMaterialForm(
  visible: Ref<boolean>,
  source: () => { kind: MaterialKind; material: Material | null },
  onSaved: (material: Material) => void,
) {
  const { t } = useI18n();
  const draft = reactive<Draft>({ title: '', description: '', url: '', appId: '', page: '' });
  const file = ref<File | null>(null);
  const saving = ref(false);

  const editing = computed(() => source().material !== null);
  /** The kind shown: the edited material's, or the one chosen to add. */
  const kind = computed(() => source().material?.kind ?? source().kind);
  /** The fields each kind has (links and mini-programs their own; a description where WeCom shows one). */
  const fields = computed(() => ({
    url: kind.value === 'link',
    miniprogram: kind.value === 'miniprogram',
    description: kind.value === 'link' || kind.value === 'video' || kind.value === 'file',
    accept: FILE_RULES[kind.value].accept || undefined,
    fileRequired: fileNeed(kind.value) === 'required',
  }));

  watch(visible, (open) => {
    if (!open) return;
    const material = source().material;
    draft.title = material?.title ?? '';
    draft.description = material?.description ?? '';
    draft.url = material?.url ?? '';
    draft.appId = material?.appId ?? '';
    draft.page = material?.page ?? '';
    file.value = null;
  });

  /** A chosen file, or null when it breaks WeCom's limits (the user is told why). */
  function choose(chosen: File | null): boolean {
    if (chosen) {
      const problem = fileProblem(kind.value, chosen);
      if (problem) {
        ElMessage.warning(t(problem));
        file.value = null;
        return false;
      }
      // An image, a video or a file is usually named after itself.
      if (!draft.title && !fields.value.url && !fields.value.miniprogram) {
        draft.title = chosen.name.replace(/\.[^.]+$/, '').slice(0, 64);
      }
    }
    file.value = chosen;
    return true;
  }

  function problem(): string | null {
    if (!draft.title.trim()) return t('marketing.materials.titleRequired');
    if (fields.value.url && !HTTP_URL.test(draft.url.trim())) return t('marketing.materials.urlRequired');
    if (fields.value.miniprogram && (!draft.appId.trim() || !draft.page.trim()))
      return t('marketing.materials.miniprogramRequired');
    if (!editing.value && fields.value.fileRequired && !file.value)
      return t(`marketing.materials.fileRequired.${kind.value}`);
    return null;
  }

  function input(): MaterialInput {
    const text = (value: string): string | null => value.trim() || null;
    return {
      kind: kind.value,
      title: draft.title.trim(),
      description: fields.value.description ? text(draft.description) : null,
      url: fields.value.url ? text(draft.url) : null,
      appId: fields.value.miniprogram ? text(draft.appId) : null,
      page: fields.value.miniprogram ? text(draft.page) : null,
    };
  }

  async function submit(): Promise<void> {
    const why = problem();
    if (why) {
      ElMessage.warning(why);
      return;
    }
    saving.value = true;
    try {
      const material = source().material;
      const saved = material
        ? await updateMaterialApi(material.id, input())
        : await createMaterialApi(input(), file.value);
      ElMessage.success(t('marketing.materials.saved'));
      onSaved(saved);
      visible.value = false;
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      saving.value = false;
    }
  }

  return { draft, file, saving, editing, kind, fields, choose, submit };
}
