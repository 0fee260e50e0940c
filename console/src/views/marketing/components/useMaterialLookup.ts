import { ref, watch } from 'vue';
import type { Material } from '@keeper/shared';
import { getMaterialListApi } from '@/api/materials';

/** The largest page the API serves, and how many pages a lookup reads at most. */
const PAGE_SIZE = 200;
const MAX_PAGES = 5;

/**
 * The materials a campaign names by id, for its preview. The API lists materials by page, so the lookup reads
 * the newest pages until every id is found (or the library ends); an id not found is a deleted material.
 */
export function useMaterialLookup(ids: () => readonly string[]) {
  const byId = ref(new Map<string, Material>());
  const loading = ref(false);
  let sequence = 0;

  async function lookUp(wanted: readonly string[]): Promise<void> {
    const missing = new Set(wanted.filter((id) => !byId.value.has(id)));
    if (!missing.size) return;
    const ticket = ++sequence;
    loading.value = true;
    try {
      for (let page = 1; page <= MAX_PAGES && missing.size; page += 1) {
        const result = await getMaterialListApi({ page, pageSize: PAGE_SIZE }, { silent: true });
        if (ticket !== sequence) return;
        for (const material of result.items) {
          byId.value.set(material.id, material);
          missing.delete(material.id);
        }
        if (page * PAGE_SIZE >= result.total) break;
      }
    } catch {
      // The preview shows what it has; a missing material reads as unavailable.
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  /** Materials picked in this page are known already: no request for them. */
  function remember(materials: readonly Material[]): void {
    for (const material of materials) byId.value.set(material.id, material);
  }

  watch(
    () => ids().join(','),
    () => void lookUp(ids()),
    { immediate: true },
  );

  return { byId, loading, remember };
}
