import { computed, nextTick, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { Permission, type ArchivedMessage, type Conversation, type Violation } from '@keeper/shared';
import {
  conversationExportUrl,
  getConversationApi,
  getConversationMessagesApi,
  type MessageWindowCursor,
} from '@/api/archive';
import { describeApiError } from '@/api/error-message';
import type { VirtualListHandle } from '@/components/virtual-list';
import { useAuthStore } from '@/stores/auth.store';
import { useRealtimeStore } from '@/stores/realtime.store';
import { formatDateTime } from '@/utils/datetime';

/** Messages per request: a screenful many times over, small enough to answer fast. */
export const PAGE_LIMIT = 100;
/** How long the message jumped to stays highlighted. */
export const HIGHLIGHT_MS = 4_000;

export type ConversationRow =
  { kind: 'date'; key: string; label: string } | { kind: 'message'; key: string; message: ArchivedMessage };

/** The messages with a date line before the first message of each China calendar day. */
export function buildRows(messages: readonly ArchivedMessage[]): ConversationRow[] {
  const rows: ConversationRow[] = [];
  let day = '';
  for (const message of messages) {
    const today = formatDateTime(message.msgtime, 'YYYY-MM-DD');
    if (today !== day) {
      day = today;
      rows.push({ kind: 'date', key: `date:${today}`, label: today });
    }
    rows.push({ kind: 'message', key: message.id, message });
  }
  return rows;
}

/**
 * One conversation: its header, and a window of its messages that grows as the user scrolls (older pages
 * prepended, newer appended). `?message=<id>` opens the window around that message and highlights it. Answers
 * for a conversation or jump the user has already left are dropped.
 */
export function useConversation(list: Ref<VirtualListHandle | undefined>) {
  const { t } = useI18n();
  const route = useRoute();
  const auth = useAuthStore();
  const realtime = useRealtimeStore();

  const id = computed(() => String(route.params.id ?? ''));
  const jumpTo = computed(() => (typeof route.query.message === 'string' ? route.query.message : ''));
  const conversation = ref<Conversation | null>(null);
  const loadError = ref('');
  const messages = shallowRef<ArchivedMessage[]>([]);
  const hasOlder = ref(false);
  const hasNewer = ref(false);
  const loading = ref(false);
  const loadingOlder = ref(false);
  const loadingNewer = ref(false);
  const highlightedId = ref('');
  const rows = computed(() => buildRows(messages.value));
  const canExport = computed(() => auth.can(Permission.ChatsExport));
  /** The server accepted the watch over the socket. */
  const watching = ref(false);
  /** New messages arrive without a reload: watched, and the socket is up. */
  const live = computed(() => watching.value && realtime.connection === 'connected');

  let generation = 0;
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;

  function highlight(messageId: string): void {
    clearTimeout(highlightTimer);
    highlightedId.value = messageId;
    highlightTimer = setTimeout(() => {
      highlightedId.value = '';
    }, HIGHLIGHT_MS);
  }

  function sideOf(message: ArchivedMessage): 'left' | 'right' {
    if (message.from.kind !== 'member') return 'left';
    // In a chat between two members, the conversation's own member is "us".
    const own = conversation.value?.member?.id;
    return conversation.value?.kind !== 'internal' || !own || own === message.from.id ? 'right' : 'left';
  }

  async function loadConversation(): Promise<void> {
    const target = id.value;
    try {
      const result = await getConversationApi(target, { silent: true });
      if (target !== id.value) return;
      conversation.value = result;
      loadError.value = '';
    } catch (error) {
      if (target === id.value) loadError.value = describeApiError(error);
    }
  }

  function fetchWindow(cursor: MessageWindowCursor) {
    return getConversationMessagesApi(id.value, cursor, PAGE_LIMIT);
  }

  async function loadWindow(): Promise<void> {
    const ticket = ++generation;
    const target = jumpTo.value;
    messages.value = [];
    hasOlder.value = false;
    hasNewer.value = false;
    // A page still loading for the old window no longer counts: its answer is dropped by the generation.
    loadingOlder.value = false;
    loadingNewer.value = false;
    loading.value = true;
    try {
      const window = await fetchWindow(target ? { around: target } : {});
      if (ticket !== generation) return;
      messages.value = window.items;
      hasOlder.value = window.hasOlder;
      hasNewer.value = window.hasNewer;
      await nextTick();
      if (target && window.items.some((message) => message.id === target)) {
        list.value?.scrollToKey(target, 'center');
        highlight(target);
      } else {
        list.value?.scrollToEnd();
      }
    } catch {
      // The request client has already shown why.
    } finally {
      if (ticket === generation) loading.value = false;
    }
  }

  async function loadOlder(): Promise<void> {
    const first = messages.value[0];
    if (!first || !hasOlder.value || loading.value || loadingOlder.value) return;
    const ticket = generation;
    loadingOlder.value = true;
    try {
      const window = await fetchWindow({ before: first.id });
      if (ticket !== generation) return;
      const known = new Set(messages.value.map((message) => message.id));
      messages.value = [...window.items.filter((message) => !known.has(message.id)), ...messages.value];
      hasOlder.value = window.hasOlder;
    } catch {
      // Shown by the request client; scrolling up again retries.
    } finally {
      if (ticket === generation) loadingOlder.value = false;
    }
  }

  /**
   * Fetches the page after the last message shown (the newest page when none is) and appends what is not
   * already there. Null when the window was replaced meanwhile; otherwise how many messages were appended and
   * whether the server has more.
   */
  async function appendAfterLast(ticket: number): Promise<{ added: number; hasNewer: boolean } | null> {
    const last = messages.value[messages.value.length - 1];
    const window = await fetchWindow(last ? { after: last.id } : {});
    if (ticket !== generation) return null;
    const known = new Set(messages.value.map((message) => message.id));
    const fresh = window.items.filter((message) => !known.has(message.id));
    messages.value = [...messages.value, ...fresh];
    hasNewer.value = window.hasNewer;
    return { added: fresh.length, hasNewer: window.hasNewer && window.items.length > 0 };
  }

  async function loadNewer(): Promise<void> {
    if (!messages.value.length || !hasNewer.value || loading.value || loadingNewer.value) return;
    const ticket = generation;
    loadingNewer.value = true;
    try {
      await appendAfterLast(ticket);
    } catch {
      // Shown by the request client; scrolling down again retries.
    } finally {
      if (ticket === generation) loadingNewer.value = false;
    }
  }

  // ---- live messages ------------------------------------------------------------------------------------

  let watchedId = '';
  let catchingUp = false;
  let catchUpAgain = false;
  let missedWhileLoading = false;

  async function watchLive(target: string): Promise<void> {
    if (watchedId && watchedId !== target) realtime.unwatchConversation(watchedId);
    watchedId = target;
    watching.value = false;
    const accepted = await realtime.watchConversation(target);
    if (target === id.value) watching.value = accepted;
  }

  /**
   * Appends what is newer than the last message shown, page by page, keeping the end in view if it was.
   * Answers how many messages were appended to this conversation's window.
   */
  async function appendNewest(): Promise<number> {
    const ticket = generation;
    const followEnd = list.value?.isAtEnd() ?? true;
    let added = 0;
    loadingNewer.value = true;
    try {
      for (;;) {
        const page = await appendAfterLast(ticket);
        if (!page) return 0;
        added += page.added;
        if (!page.hasNewer) break;
      }
    } finally {
      if (ticket === generation) loadingNewer.value = false;
    }
    if (followEnd) {
      await nextTick();
      list.value?.scrollToEnd();
    }
    return added;
  }

  /** The server says the open conversation has new messages; notices that come meanwhile coalesce. */
  async function receiveLive(): Promise<void> {
    if (loading.value) {
      missedWhileLoading = true;
      return;
    }
    // A window far in the past: the new messages come when the user scrolls down or jumps to the latest.
    if (hasNewer.value) return;
    if (catchingUp) {
      catchUpAgain = true;
      return;
    }
    // A scroll down is already appending; the notice is caught up with by the next one or a scroll.
    if (loadingNewer.value) return;
    catchingUp = true;
    const target = id.value;
    let added = 0;
    try {
      do {
        catchUpAgain = false;
        added += await appendNewest();
      } while (catchUpAgain);
    } catch {
      // Shown by the request client; the next notice or a scroll catches up.
    } finally {
      catchingUp = false;
    }
    // The header's count follows what was appended, without asking the server again.
    if (added && conversation.value && target === id.value) {
      conversation.value = { ...conversation.value, messageCount: conversation.value.messageCount + added };
    }
  }

  watch(loading, (now) => {
    if (now || !missedWhileLoading) return;
    missedWhileLoading = false;
    void receiveLive();
  });

  const stopMessages = realtime.onConversationMessages((conversationId) => {
    if (conversationId === id.value) void receiveLive();
  });
  // Rooms are lost with a dropped socket: watch again and, if the page was live before, fetch what came
  // while it was down (on the first connect the window just loaded is current).
  const stopConnected = realtime.onConnected(() => {
    if (!id.value) return;
    const wasLive = watching.value;
    void watchLive(id.value);
    // What came while the socket was down may not all be in the window: the header's count is asked anew.
    if (wasLive) void receiveLive().then(loadConversation);
  });

  /** Back to the newest messages: the current window may be far in the past after a jump. */
  function jumpToLatest(): void {
    if (!hasNewer.value) {
      list.value?.scrollToEnd();
      return;
    }
    void loadWindowWithoutTarget();
  }

  async function loadWindowWithoutTarget(): Promise<void> {
    const ticket = ++generation;
    loadingOlder.value = false;
    loadingNewer.value = false;
    loading.value = true;
    try {
      const window = await fetchWindow({});
      if (ticket !== generation) return;
      messages.value = window.items;
      hasOlder.value = window.hasOlder;
      hasNewer.value = window.hasNewer;
      await nextTick();
      list.value?.scrollToEnd();
    } catch {
      // Shown by the request client.
    } finally {
      if (ticket === generation) loading.value = false;
    }
  }

  /** A violation handled from the conversation: its flag shows the new status at once. */
  function applyViolation(violation: Violation): void {
    messages.value = messages.value.map((message) =>
      message.id === violation.messageId
        ? {
            ...message,
            violations: message.violations.map((item) =>
              item.id === violation.id ? { ...item, status: violation.status } : item,
            ),
          }
        : message,
    );
  }

  function exportConversation(): void {
    // A plain GET the browser downloads with the session cookie; the server writes the access-audit row.
    const link = document.createElement('a');
    link.href = conversationExportUrl(id.value);
    link.download = '';
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    ElMessage.info(t('conversation.exportStarted'));
  }

  watch(id, (now) => {
    if (!now) return;
    conversation.value = null;
    void loadConversation();
    void loadWindow();
    void watchLive(now);
  });

  watch(jumpTo, (target) => {
    if (!target) return;
    if (messages.value.some((message) => message.id === target)) {
      list.value?.scrollToKey(target, 'center');
      highlight(target);
    } else {
      void loadWindow();
    }
  });

  onMounted(() => {
    void loadConversation();
    void loadWindow();
    if (id.value) void watchLive(id.value);
  });
  onBeforeUnmount(() => {
    clearTimeout(highlightTimer);
    stopMessages();
    stopConnected();
    if (watchedId) realtime.unwatchConversation(watchedId);
  });

  return {
    id,
    conversation,
    loadError,
    messages,
    rows,
    hasOlder,
    hasNewer,
    loading,
    loadingOlder,
    loadingNewer,
    highlightedId,
    canExport,
    live,
    sideOf,
    loadOlder,
    loadNewer,
    jumpToLatest,
    applyViolation,
    exportConversation,
  };
}
