import { onBeforeUnmount, onMounted, watch } from 'vue';
import type { HandoverCase } from '@keeper/shared';
import { getHandoverCaseListApi, type CaseListParams } from '@/api/reassign';
import { useRealtimeStore } from '@/stores/realtime.store';
import { usePagedList } from '@/utils/paged-list';

/**
 * A page of handover cases for the filters `query` returns (read again at every load). The list follows the
 * server's pushes: a new departure changes the inbox count, a running case reports progress; either reloads
 * the page on screen.
 */
export function useHandoverCaseList(query: () => CaseListParams) {
  const realtime = useRealtimeStore();
  const list = usePagedList<HandoverCase>((page) => getHandoverCaseListApi({ ...query(), ...page }));

  watch(() => JSON.stringify(query()), list.search);
  // A departure opened a case, or one was completed: the inbox count moved.
  watch(
    () => realtime.handoverInbox,
    () => void list.load(),
  );

  const unsubscribers: (() => void)[] = [];
  onMounted(() => {
    void list.load();
    unsubscribers.push(
      realtime.onHandoverProgress((caseId) => {
        if (list.rows.value.some((row) => row.id === caseId)) void list.load();
      }),
      realtime.onConnected(() => void list.load()),
    );
  });
  onBeforeUnmount(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

  return list;
}
