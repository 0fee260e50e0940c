import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { TagGroup } from '@keeper/shared';
import { getTagGroupsApi } from '@/api/tags';

/**
 * The corp's tag groups as last loaded. The tags page edits them; the customer filter and the per-follow tag
 * editor pick from them; the timeline names the tag ids an edit recorded.
 */
export const useTagStore = defineStore('tags', () => {
  const groups = ref<TagGroup[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let pending: Promise<void> | null = null;

  const tagNames = computed(
    () => new Map(groups.value.flatMap((group) => group.tags.map((tag) => [tag.id, tag.name] as const))),
  );

  async function refresh(options: { silent?: boolean } = {}): Promise<void> {
    loading.value = true;
    try {
      set(await getTagGroupsApi(options));
      error.value = null;
    } catch (caught) {
      error.value = caught;
    } finally {
      loading.value = false;
    }
  }

  /** Loads once for pickers; a request already under way is shared. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= refresh({ silent: true }).finally(() => {
      pending = null;
    });
    return pending;
  }

  /** Every tag endpoint answers with the whole list; callers hand it here. WeCom shows a larger `order` first. */
  function set(next: TagGroup[]): void {
    groups.value = [...next]
      .sort((a, b) => b.order - a.order || a.name.localeCompare(b.name))
      .map((group) => ({ ...group, tags: [...group.tags].sort((a, b) => b.order - a.order) }));
    loaded.value = true;
  }

  return { groups, loaded, loading, error, tagNames, refresh, ensureLoaded, set };
});
