import { computed, onMounted, reactive, ref } from 'vue';
import { storeToRefs } from 'pinia';
import { useI18n } from 'vue-i18n';
import type { FormInstance } from 'element-plus';
import { Permission, type TagGroup } from '@keeper/shared';
import { ApiRequestError } from '@/api/request';
import { createTagsApi, deleteTagApi, deleteTagGroupApi, editTagApi } from '@/api/tags';
import { useAuthStore } from '@/stores/auth.store';
import { useTagStore } from '@/stores/tag.store';
import { createTagsFormRules, type RenameFormModel, type TagsFormModel } from './rules';

type Tag = TagGroup['tags'][number];

export function useTags() {
  const { t } = useI18n();
  const store = useTagStore();
  const { groups, loading } = storeToRefs(store);
  const canWrite = computed(() => useAuthStore().canCorpWide(Permission.CustomersWrite));
  const saving = ref(false);

  // Creating a group, or adding tags to `targetGroup`.
  const tagsFormRef = ref<FormInstance>();
  const tagsVisible = ref(false);
  const targetGroup = ref<TagGroup | null>(null);
  const tagsModel = reactive<TagsFormModel>({ groupName: '', tagNames: [] });
  const tagsRules = computed(() => createTagsFormRules(targetGroup.value === null));

  const renameFormRef = ref<FormInstance>();
  const renameVisible = ref(false);
  const renaming = ref<Tag | null>(null);
  const renameModel = reactive<RenameFormModel>({ name: '' });

  function openCreateGroup(): void {
    targetGroup.value = null;
    Object.assign(tagsModel, { groupName: '', tagNames: [] });
    tagsFormRef.value?.clearValidate();
    tagsVisible.value = true;
  }

  function openAddTags(group: TagGroup): void {
    targetGroup.value = group;
    Object.assign(tagsModel, { groupName: group.name, tagNames: [] });
    tagsFormRef.value?.clearValidate();
    tagsVisible.value = true;
  }

  function openRename(tag: Tag): void {
    renaming.value = tag;
    renameModel.name = tag.name;
    renameFormRef.value?.clearValidate();
    renameVisible.value = true;
  }

  /** Runs a write; every tag endpoint answers with the fresh list of groups. */
  async function write(call: () => Promise<TagGroup[]>, done: string): Promise<boolean> {
    saving.value = true;
    try {
      store.set(await call());
      ElMessage.success(done);
      return true;
    } catch (error) {
      // WeCom refused (e.g. a tag deleted in its admin console meanwhile): the server re-read the tags from
      // WeCom, so show the list as it is now. The refusal itself is shown by the request client.
      if (error instanceof ApiRequestError && error.wecom) await store.refresh();
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function submitTags(): Promise<void> {
    if (!(await tagsFormRef.value?.validate().catch(() => false))) return;
    const names = [...new Set(tagsModel.tagNames.map((name) => name.trim()).filter(Boolean))];
    const tags = names.map((name) => ({ name }));
    const group = targetGroup.value;
    const body = group ? { groupId: group.groupId, tags } : { groupName: tagsModel.groupName.trim(), tags };
    if (await write(() => createTagsApi(body), t('tags.created'))) tagsVisible.value = false;
  }

  async function submitRename(): Promise<void> {
    const tag = renaming.value;
    if (!tag || !(await renameFormRef.value?.validate().catch(() => false))) return;
    const ok = await write(() => editTagApi(tag.id, { name: renameModel.name.trim() }), t('tags.renamed'));
    if (ok) renameVisible.value = false;
  }

  async function confirmed(message: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
        confirmButtonClass: 'el-button--danger',
      });
      return true;
    } catch {
      return false;
    }
  }

  async function removeTag(tag: Tag): Promise<void> {
    if (!(await confirmed(t('tags.deleteTagConfirm', { name: tag.name, count: tag.customerCount })))) return;
    await write(() => deleteTagApi(tag.id), t('tags.deleted'));
  }

  async function removeGroup(group: TagGroup): Promise<void> {
    const message = t('tags.deleteGroupConfirm', { name: group.name, count: group.tags.length });
    if (!(await confirmed(message))) return;
    await write(() => deleteTagGroupApi(group.groupId), t('tags.deleted'));
  }

  onMounted(() => void store.refresh());

  return {
    groups,
    loading,
    canWrite,
    saving,
    tagsFormRef,
    tagsVisible,
    targetGroup,
    tagsModel,
    tagsRules,
    renameFormRef,
    renameVisible,
    renameModel,
    refresh: () => store.refresh(),
    openCreateGroup,
    openAddTags,
    openRename,
    submitTags,
    submitRename,
    removeTag,
    removeGroup,
  };
}
