import { onBeforeUnmount } from 'vue';

/** How long typing must pause before a list asks the server again. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * A list's search, run at once when a filter is picked (`now`) and only once typing pauses when text is typed
 * (`soon`): one request a word, not one a keystroke. `now` also drops a typed search still waiting, and leaving
 * the page drops it too.
 */
export function useTypedSearch(search: () => void) {
  let pending: ReturnType<typeof setTimeout> | undefined;

  function now(): void {
    clearTimeout(pending);
    pending = undefined;
    search();
  }

  function soon(): void {
    clearTimeout(pending);
    pending = setTimeout(now, SEARCH_DEBOUNCE_MS);
  }

  onBeforeUnmount(() => clearTimeout(pending));
  return { now, soon };
}
