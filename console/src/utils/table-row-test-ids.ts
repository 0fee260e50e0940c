import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/**
 * Element Plus renders table rows itself and offers no way to put attributes on them, so this names each row
 * (`data-test`) after it is rendered: tests and the browser suite can then find a row by its record's id. A
 * table that appears later (a page that shows it once its record has loaded) is followed from then on.
 */
export function useRowTestIds<T>(
  table: Ref<{ $el: unknown } | undefined>,
  rows: Ref<readonly T[]>,
  testId: (row: T) => string,
): void {
  let observer: MutationObserver | undefined;

  function apply(): void {
    const root = table.value?.$el;
    if (!(root instanceof HTMLElement)) return;
    const trs = root.querySelectorAll('.el-table__body-wrapper tbody > tr.el-table__row');
    trs.forEach((tr, index) => {
      const row = rows.value[index];
      if (row !== undefined) tr.setAttribute('data-test', testId(row));
    });
  }

  function attach(): void {
    observer?.disconnect();
    observer = undefined;
    const root = table.value?.$el;
    if (!(root instanceof HTMLElement)) return;
    apply();
    // Only added or removed nodes: setting the attribute itself does not fire this again.
    observer = new MutationObserver(apply);
    observer.observe(root, { childList: true, subtree: true });
  }

  onMounted(() => {
    attach();
    watch(table, attach, { flush: 'post' });
  });

  onBeforeUnmount(() => observer?.disconnect());
}
