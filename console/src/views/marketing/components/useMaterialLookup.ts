import { ref, watch } from 'vue';
import type { Material } from '@keeper/shared';
import { getMaterialListApi } from '@/api/materials';

/**
 * The materials a campaign names by id, for its preview: one request for those not known yet (deleted ones
 * included: a campaign still sends what it was composed with). An id not found reads as unavailable.
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
      const result = await getMaterialListApi(
        { page: 1, pageSize: missing.size, ids: [...missing].join(',') },
        { silent: true },
      );
      if (ticket !== sequence) return;
      for (const material of result.items) byId.value.set(material.id, material);
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
