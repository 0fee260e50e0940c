import {
  archiveStatusSchema,
  conversationPageSchema,
  conversationSchema,
  messageSearchPageSchema,
  messageWindowSchema,
  type ArchivedMessage,
  type ArchiveStatus,
  type Conversation,
  type ConversationListQuery,
  type MessageSearchQuery,
  type MessageWindow,
  type Page,
  type RetentionRequest,
} from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

const ID = encodeURIComponent;

export function getArchiveStatusApi(options: ApiCallOptions = {}): Promise<ArchiveStatus> {
  return http.get('/api/archive/status', { schema: archiveStatusSchema, ...options });
}

/** After the cause of a parked puller is fixed (a missing private key version added and the server restarted). */
export function resumeArchiveApi(): Promise<ArchiveStatus> {
  return http.post('/api/archive/resume', undefined, { schema: archiveStatusSchema });
}

export function updateRetentionApi(body: RetentionRequest): Promise<ArchiveStatus> {
  return http.put('/api/archive/retention', body, { schema: archiveStatusSchema });
}

export type ConversationListParams = Partial<ConversationListQuery>;

export function getConversationListApi(query: ConversationListParams): Promise<Page<Conversation>> {
  return http.get('/api/conversations', { query: { ...query }, schema: conversationPageSchema });
}

/** Opening a conversation writes an access-audit row on the server. */
export function getConversationApi(id: string, options: ApiCallOptions = {}): Promise<Conversation> {
  return http.get(`/api/conversations/${ID(id)}`, { schema: conversationSchema, ...options });
}

/** One cursor at most: older than `before`, newer than `after`, or centred on `around`; none = the newest. */
export type MessageWindowCursor = Partial<Record<'before' | 'after' | 'around', string>>;

export function getConversationMessagesApi(
  id: string,
  cursor: MessageWindowCursor,
  limit: number,
  options: ApiCallOptions = {},
): Promise<MessageWindow> {
  return http.get(`/api/conversations/${ID(id)}/messages`, {
    query: { ...cursor, limit },
    schema: messageWindowSchema,
    ...options,
  });
}

/** The export is an .xlsx the browser downloads itself (with the session cookie), not a JSON answer. */
export function conversationExportUrl(id: string): string {
  return http.url(`/api/conversations/${ID(id)}/export`);
}

export function searchMessagesApi(query: Partial<MessageSearchQuery>): Promise<Page<ArchivedMessage>> {
  return http.get('/api/messages/search', { query: { ...query }, schema: messageSearchPageSchema });
}

/** The media bytes, fetched from WeCom on demand: an `<img>`/`<video>` source or a download link. */
export function messageMediaUrl(messageId: string): string {
  return http.url(`/api/messages/${ID(messageId)}/media`);
}
