import { onBeforeUnmount, ref, watch } from 'vue';
import type { AudienceCount, AudienceCountRequest } from '@keeper/shared';
import { countAudienceApi } from '@/api/broadcasts';
import { describeApiError } from '@/api/error-message';

/** How long the builder must rest before the server counts again: one count per change, not per keystroke. */
export const COUNT_DEBOUNCE_MS = 400;

/**
 * The live count of the audience being built. Every change to the request (read again on each change) waits
 * for the builder to rest, then asks the server; an answer a newer request overtook is dropped, and a failure
 * is shown in place rather than as a toast on every edit.
 */
export function useAudienceCount(request: () => AudienceCountRequest | null) {
  const count = ref<AudienceCount | null>(null);
  const counting = ref(false);
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;

  async function run(): Promise<void> {
    timer = undefined;
    const body = request();
    if (!body) return;
    const ticket = ++sequence;
    counting.value = true;
    try {
      const result = await countAudienceApi(body, { silent: true });
      if (ticket !== sequence) return;
      count.value = result;
      error.value = '';
    } catch (caught) {
      if (ticket === sequence) error.value = describeApiError(caught);
    } finally {
      if (ticket === sequence) counting.value = false;
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    // The figure on screen is for the old audience: say it is being counted again at once.
    counting.value = true;
    timer = setTimeout(() => void run(), COUNT_DEBOUNCE_MS);
  }

  watch(() => JSON.stringify(request()), schedule, { immediate: true });
  onBeforeUnmount(() => clearTimeout(timer));

  return { count, counting, error, recount: run };
}
