import { computed, ref } from 'vue';
import type { ConnectionReport } from '@keeper/shared';
import { runConnectionChecksApi } from '@/api/wecom';

export const CHECK_STATUS_TAG_TYPE = { ok: 'success', failed: 'danger', skipped: 'info' } as const;

export function useConnectionChecks() {
  const report = ref<ConnectionReport | null>(null);
  const running = ref(false);

  const tally = computed(() => {
    const counts = { ok: 0, failed: 0, skipped: 0 };
    for (const check of report.value?.checks ?? []) counts[check.status] += 1;
    return counts;
  });

  async function run(): Promise<void> {
    running.value = true;
    try {
      report.value = await runConnectionChecksApi();
    } catch {
      // The request client has already shown the reason; keep the last report on screen.
    } finally {
      running.value = false;
    }
  }

  return { report, running, tally, run };
}
