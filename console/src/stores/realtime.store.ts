import { ref, watch } from 'vue';
import { defineStore } from 'pinia';
import {
  AlertStatus,
  Permission,
  ViolationStatus,
  type Alert,
  type AlertCounts,
  type ArchiveStatus,
  type CustomerSyncProgress,
  type Violation,
} from '@keeper/shared';
import { getAlertCountsApi } from '@/api/alerts';
import { getHandoverInboxApi } from '@/api/reassign';
import { getViolationCountsApi, type ViolationCounts } from '@/api/violations';
import { connectRealtime, type ConnectionState, type RealtimeConnection } from '@/realtime/socket';
import { useAuthStore } from './auth.store';

type Listener<T> = (value: T) => void;

function listeners<T>() {
  const set = new Set<Listener<T>>();
  return {
    add(listener: Listener<T>): () => void {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(value: T): void {
      for (const listener of set) {
        try {
          listener(value);
        } catch (error) {
          // One broken page must not keep the event from the badge or the others.
          console.error(error);
        }
      }
    },
    clear: () => set.clear(),
  };
}

/**
 * What the server pushes over socket.io: the connection itself, the open-alert and new-violation counts behind
 * the badges, the progress of a customer sync, the chat archive's status, the departures still to hand over, and
 * events pages subscribe to (`onAlertCreated`, `onCustomerChanged`, `onViolationCreated`, `onHandoverProgress`,
 * `onBroadcastProgress`, `onConnected`). The
 * socket lives from sign-in to sign-out; the `receive*` functions are what it calls, so tests can feed them.
 */
export const useRealtimeStore = defineStore('realtime', () => {
  const auth = useAuthStore();
  const connection = ref<ConnectionState>('idle');
  const openAlerts = ref(0);
  const syncProgress = ref<CustomerSyncProgress | null>(null);
  const newViolations = ref(0);
  /** The last archive status pushed by the server; null until one arrives. */
  const archiveStatus = ref<ArchiveStatus | null>(null);
  /** Departures in the reader's scope whose handover is not completed: the 离职继承 badge. */
  const handoverInbox = ref(0);

  const alertCreated = listeners<Alert>();
  const customerChanged = listeners<string>();
  const violationCreated = listeners<Violation>();
  const connected = listeners<void>();
  const conversationMessages = listeners<string>();
  const handoverProgress = listeners<string>();
  const broadcastProgress = listeners<string>();
  let socket: RealtimeConnection | null = null;

  async function refreshAlertCounts(): Promise<void> {
    if (!auth.can(Permission.AlertsRead)) return;
    try {
      // Quietly: the badge is a convenience; the socket corrects it later.
      receiveAlertCounts(await getAlertCountsApi({ silent: true }));
    } catch {
      // Keep the last count.
    }
  }

  async function refreshViolationCounts(): Promise<void> {
    if (!auth.can(Permission.ChatsRead)) return;
    try {
      receiveViolationCounts(await getViolationCountsApi({ silent: true }));
    } catch {
      // Keep the last count.
    }
  }

  async function refreshHandoverInbox(): Promise<void> {
    if (!auth.can(Permission.ReassignRun)) return;
    try {
      receiveHandoverInbox(await getHandoverInboxApi({ silent: true }));
    } catch {
      // Keep the last count.
    }
  }

  function receiveConnection(state: ConnectionState): void {
    connection.value = state;
    // What was raised before the socket joined its rooms, or while it was down, never arrived as an event:
    // ask for the counts again, and let open pages reload their rows.
    if (state === 'connected') {
      void refreshAlertCounts();
      void refreshViolationCounts();
      void refreshHandoverInbox();
      connected.emit();
    }
  }

  function receiveViolation(violation: Violation): void {
    if (violation.status === ViolationStatus.New) newViolations.value += 1;
    violationCreated.emit(violation);
  }

  function receiveViolationCounts(counts: ViolationCounts): void {
    newViolations.value = Math.max(0, counts.new);
  }

  function receiveArchiveStatus(status: ArchiveStatus): void {
    archiveStatus.value = status;
  }

  function receiveAlert(alert: Alert): void {
    if (alert.status === AlertStatus.Open) openAlerts.value += 1;
    alertCreated.emit(alert);
  }

  function receiveAlertCounts(counts: AlertCounts): void {
    openAlerts.value = Math.max(0, counts.open);
  }

  function receiveSyncProgress(progress: CustomerSyncProgress): void {
    syncProgress.value = progress;
  }

  function receiveCustomerChanged(externalUserId: string): void {
    customerChanged.emit(externalUserId);
  }

  function receiveConversationMessages(conversationId: string): void {
    conversationMessages.emit(conversationId);
  }

  function receiveHandoverInbox(counts: { open: number }): void {
    handoverInbox.value = Math.max(0, counts.open);
  }

  function receiveHandoverProgress(caseId: string): void {
    handoverProgress.emit(caseId);
  }

  function receiveBroadcastProgress(campaignId: string): void {
    broadcastProgress.emit(campaignId);
  }

  /** Live messages of one conversation (see `onConversationMessages`); false while the socket is down. */
  function watchConversation(conversationId: string): Promise<boolean> {
    return socket ? socket.watchConversation(conversationId) : Promise.resolve(false);
  }

  function unwatchConversation(conversationId: string): void {
    socket?.unwatchConversation(conversationId);
  }

  /** Called by the layout once a user is signed in; repeated calls keep the one socket. */
  function start(): void {
    if (socket || !auth.isSignedIn) return;
    socket = connectRealtime({
      onConnectionChange: receiveConnection,
      onAlertCreated: receiveAlert,
      onAlertCounts: receiveAlertCounts,
      onSyncProgress: receiveSyncProgress,
      onCustomerChanged: receiveCustomerChanged,
      onViolationCreated: receiveViolation,
      onArchiveStatus: receiveArchiveStatus,
      onConversationMessages: receiveConversationMessages,
      onHandoverProgress: receiveHandoverProgress,
      onHandoverInbox: (open) => receiveHandoverInbox({ open }),
      onBroadcastProgress: receiveBroadcastProgress,
    });
    void refreshAlertCounts();
    void refreshViolationCounts();
    void refreshHandoverInbox();
  }

  function stop(): void {
    socket?.close();
    socket = null;
    connection.value = 'idle';
    openAlerts.value = 0;
    syncProgress.value = null;
    newViolations.value = 0;
    archiveStatus.value = null;
    handoverInbox.value = 0;
  }

  // Signing out, or a 401 that clears the session, closes the socket: it must not outlive the session.
  watch(
    () => auth.isSignedIn,
    (signedIn) => {
      if (!signedIn) stop();
    },
  );

  return {
    connection,
    openAlerts,
    syncProgress,
    newViolations,
    archiveStatus,
    handoverInbox,
    start,
    stop,
    refreshAlertCounts,
    receiveConnection,
    receiveAlert,
    receiveAlertCounts,
    receiveSyncProgress,
    receiveCustomerChanged,
    refreshViolationCounts,
    receiveViolation,
    receiveViolationCounts,
    receiveArchiveStatus,
    receiveConversationMessages,
    refreshHandoverInbox,
    receiveHandoverInbox,
    receiveHandoverProgress,
    receiveBroadcastProgress,
    watchConversation,
    unwatchConversation,
    onAlertCreated: alertCreated.add,
    onCustomerChanged: customerChanged.add,
    onViolationCreated: violationCreated.add,
    /** A watched conversation has new messages. */
    onConversationMessages: conversationMessages.add,
    /** A handover case changed (its id): pages showing it refetch it. */
    onHandoverProgress: handoverProgress.add,
    /** A campaign changed (its id): pages showing it refetch it. */
    onBroadcastProgress: broadcastProgress.add,
    /** Every time the socket (re)connects: events sent before then were missed, so reload what is shown. */
    onConnected: connected.add,
  };
});
