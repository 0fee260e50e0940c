import { io } from 'socket.io-client';
import {
  alertCountsSchema,
  alertSchema,
  archiveStatusSchema,
  broadcastProgressEventSchema,
  conversationMessagesEventSchema,
  customerSyncProgressSchema,
  handoverInboxSchema,
  handoverProgressEventSchema,
  SocketCommand,
  SocketEvent,
  violationSchema,
  type Alert,
  type AlertCounts,
  type ArchiveStatus,
  type CustomerSyncProgress,
  type Violation,
} from '@keeper/shared';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected';

export interface RealtimeHandlers {
  onConnectionChange(state: ConnectionState): void;
  onAlertCreated(alert: Alert): void;
  onAlertCounts(counts: AlertCounts): void;
  onSyncProgress(progress: CustomerSyncProgress): void;
  onCustomerChanged(externalUserId: string): void;
  onViolationCreated(violation: Violation): void;
  onArchiveStatus(status: ArchiveStatus): void;
  onConversationMessages(conversationId: string): void;
  onHandoverProgress(caseId: string): void;
  onHandoverInbox(open: number): void;
  onBroadcastProgress(campaignId: string): void;
}

export interface RealtimeConnection {
  close(): void;
  /** Asks for `conversation:messages` of one conversation; resolves with whether the server agreed. */
  watchConversation(conversationId: string): Promise<boolean>;
  unwatchConversation(conversationId: string): void;
}

/** How long a watch waits for the server's answer before counting as refused. */
const WATCH_TIMEOUT_MS = 10_000;

interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/** A payload that does not match the contract is dropped: a newer server must not break an open console. */
function validated<T>(event: string, parser: Parser<T>, handle: (value: T) => void) {
  return (payload: unknown) => {
    const parsed = parser.safeParse(payload);
    if (parsed.success) handle(parsed.data);
    else console.warn(`realtime: ignored a malformed "${event}" payload`);
  };
}

const customerChangedSchema: Parser<{ externalUserId: string }> = {
  safeParse(data) {
    const id =
      typeof data === 'object' && data !== null && 'externalUserId' in data ? data.externalUserId : null;
    return typeof id === 'string' ? { success: true, data: { externalUserId: id } } : { success: false };
  },
};

/**
 * Opens the console's socket on the page's own origin; the server authenticates it with the session cookie.
 * socket.io reconnects by itself; `close()` of the returned connection ends it for good (sign-out).
 */
export function connectRealtime(handlers: RealtimeHandlers): RealtimeConnection {
  const socket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
  handlers.onConnectionChange('connecting');

  socket.on('connect', () => handlers.onConnectionChange('connected'));
  socket.on('disconnect', () => handlers.onConnectionChange('disconnected'));
  socket.on('connect_error', () => handlers.onConnectionChange('disconnected'));

  socket.on(
    SocketEvent.AlertCreated,
    validated(SocketEvent.AlertCreated, alertSchema, handlers.onAlertCreated),
  );
  socket.on(
    SocketEvent.AlertCounts,
    validated(SocketEvent.AlertCounts, alertCountsSchema, handlers.onAlertCounts),
  );
  socket.on(
    SocketEvent.SyncProgress,
    validated(SocketEvent.SyncProgress, customerSyncProgressSchema, handlers.onSyncProgress),
  );
  socket.on(
    SocketEvent.CustomerChanged,
    validated(SocketEvent.CustomerChanged, customerChangedSchema, ({ externalUserId }) =>
      handlers.onCustomerChanged(externalUserId),
    ),
  );
  socket.on(
    SocketEvent.ViolationCreated,
    validated(SocketEvent.ViolationCreated, violationSchema, handlers.onViolationCreated),
  );
  socket.on(
    SocketEvent.ArchiveStatus,
    validated(SocketEvent.ArchiveStatus, archiveStatusSchema, handlers.onArchiveStatus),
  );

  socket.on(
    SocketEvent.ConversationMessages,
    validated(SocketEvent.ConversationMessages, conversationMessagesEventSchema, ({ conversationId }) =>
      handlers.onConversationMessages(conversationId),
    ),
  );

  socket.on(
    SocketEvent.HandoverProgress,
    validated(SocketEvent.HandoverProgress, handoverProgressEventSchema, ({ caseId }) =>
      handlers.onHandoverProgress(caseId),
    ),
  );
  socket.on(
    SocketEvent.HandoverInbox,
    validated(SocketEvent.HandoverInbox, handoverInboxSchema, ({ open }) => handlers.onHandoverInbox(open)),
  );
  socket.on(
    SocketEvent.BroadcastProgress,
    validated(SocketEvent.BroadcastProgress, broadcastProgressEventSchema, ({ campaignId }) =>
      handlers.onBroadcastProgress(campaignId),
    ),
  );

  return {
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
    async watchConversation(conversationId) {
      // Rooms do not survive a reconnect: pages watch again on every connect (`onConnected`).
      if (!socket.connected) return false;
      try {
        const watching: unknown = await socket
          .timeout(WATCH_TIMEOUT_MS)
          .emitWithAck(SocketCommand.WatchConversation, conversationId);
        return watching === true;
      } catch {
        return false;
      }
    },
    unwatchConversation(conversationId) {
      socket.emit(SocketCommand.UnwatchConversation, conversationId);
    },
  };
}
