import { onBeforeUnmount, ref } from 'vue';

/** How long a row that just arrived stays highlighted. */
export const HIGHLIGHT_MS = 4_000;

/** Rows that arrived live stay marked for a few seconds, each on its own clock. */
export function useArrivalHighlights() {
  const highlighted = ref(new Set<string>());
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function highlight(id: string): void {
    highlighted.value = new Set(highlighted.value).add(id);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const next = new Set(highlighted.value);
      next.delete(id);
      highlighted.value = next;
    }, HIGHLIGHT_MS);
    timers.add(timer);
  }

  onBeforeUnmount(() => {
    for (const timer of timers) clearTimeout(timer);
  });

  return { highlighted, highlight };
}
