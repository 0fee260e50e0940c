import type { Page } from '@keeper/shared';
import { reactive, ref, type Ref } from 'vue';

/** The page sizes the console's list pages offer. */
export const PAGE_SIZES = [20, 50, 100, 200];

export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * A list paged by the server: the rows and total of the current page, a loading flag, and `load`, which ignores
 * the answer to any request a newer one has overtaken (a slow answer for the old filters must not replace the
 * rows of the new ones). A failed request keeps the last rows on screen: the request client has shown why.
 */
export function usePagedList<T>(fetchPage: (request: PageRequest) => Promise<Page<T>>) {
  const pager = reactive<PageRequest>({ page: 1, pageSize: PAGE_SIZES[0]! });
  const rows = ref([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);
  let sequence = 0;

  /** Resolves true when its answer is the one on screen. */
  async function load(): Promise<boolean> {
    const ticket = ++sequence;
    loading.value = true;
    try {
      const page = await fetchPage({ page: pager.page, pageSize: pager.pageSize });
      if (ticket !== sequence) return false;
      rows.value = page.items;
      total.value = page.total;
      return true;
    } catch {
      return false;
    } finally {
      if (ticket === sequence) loading.value = false;
    }
  }

  /** From the first page, e.g. after the filters changed. */
  function search(): void {
    pager.page = 1;
    void load();
  }

  /**
   * A row that arrived live joins the top of the first page without a reload. False, and nothing changes, when
   * another page is on screen or the row is already there (`key` tells rows apart).
   */
  function prepend(row: T, key: (row: T) => unknown): boolean {
    if (pager.page !== 1 || rows.value.some((each) => key(each) === key(row))) return false;
    rows.value = [row, ...rows.value].slice(0, pager.pageSize);
    total.value += 1;
    return true;
  }

  return { pager, rows, total, loading, load, search, prepend };
}
