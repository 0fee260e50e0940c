import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { OrgOverview } from '@keeper/shared';
import { getOrgOverviewApi } from '@/api/org';
import { buildDepartmentTree } from '@/utils/department-tree';

/**
 * The organisation overview (departments, member counts, the last sync) as the console last saw it. The
 * organisation page, the home page and the account form's department picker all read it.
 */
export const useOrgStore = defineStore('org', () => {
  const overview = ref<OrgOverview | null>(null);
  const error = ref<unknown>(null);
  const loading = ref(false);

  const departments = computed(() => overview.value?.departments ?? []);
  const departmentTree = computed(() => buildDepartmentTree(departments.value));
  const departmentNames = computed(
    () => new Map(departments.value.map((department) => [department.id, department.name])),
  );
  const lastSync = computed(() => overview.value?.lastSync ?? null);
  const syncRunning = computed(() => lastSync.value?.status === 'running');

  /** `silent` for callers that degrade on failure (the home card, the department picker) instead of a toast. */
  async function refresh(options: { silent?: boolean } = {}): Promise<void> {
    loading.value = true;
    try {
      overview.value = await getOrgOverviewApi(options);
      error.value = null;
    } catch (caught) {
      error.value = caught;
    } finally {
      loading.value = false;
    }
  }

  function $reset(): void {
    overview.value = null;
    error.value = null;
  }

  return {
    overview,
    error,
    loading,
    departments,
    departmentTree,
    departmentNames,
    lastSync,
    syncRunning,
    refresh,
    $reset,
  };
});
