import {
  AccessAction,
  Permission,
  type ArchivedMessage,
  type ArchiveStatus,
  type Conversation,
  type ConversationListQuery,
  type MessageSearchQuery,
  type MessageWindow,
  type MessageWindowQuery,
  type Page,
} from '@keeper/shared';
import { normalizeArchiveMessage, type NormalizedArchiveMessage } from '@keeper/bot';
import type { DataSource } from 'typeorm';
import { notFound } from '../../http/app-error';
import { storedFailure, storedFailureIfAny } from '../../jobs/failure';
import type { Actor, AuthUser } from '../../http/context';
import { filtersOf, type AccessAuditService } from '../access-audit/access-audit.service';
import { CustomerDirectory } from '../customers/customer-directory.service';
import type { ScopeService } from '../org/scope.service';
import type { SettingsService } from '../settings/settings.service';
import type { ArchivePuller } from './archive-puller';
import type { ChatViolations } from './chat-audit';
import type { ArchiveConversationEntity, ArchiveMessageEntity } from './archive.entity';
import type { ArchiveRepository } from './archive.repository';
import { ParticipantDirectory } from './participants';

/** What the console renders of a message, derived from the JSON the archive keeps (see storedContent). */
type StoredContent = Pick<NormalizedArchiveMessage, 'content' | 'raw' | 'sdkFileId' | 'md5' | 'fileSize'>;

/** The archive as auditors read it: conversations, windows of messages, search — within their scope. */
export class ArchiveService {
  constructor(
    private readonly repository: ArchiveRepository,
    private readonly scopes: ScopeService,
    private readonly dataSource: DataSource,
    private readonly puller: ArchivePuller,
    private readonly settings: SettingsService,
    private readonly violations: ChatViolations,
    private readonly audit: AccessAuditService,
  ) {}

  async status(): Promise<ArchiveStatus> {
    const [state, messages, retentionDays] = await Promise.all([
      this.puller.state(),
      this.repository.count(),
      this.settings.retentionDays(),
    ]);
    const stall = this.puller.stallOf(state);
    return {
      configured: this.puller.configured,
      checkpointSeq: state.checkpointSeq,
      messages,
      lastPullAt: state.lastPullAt?.toISOString() ?? null,
      lastPulled: state.lastPulled,
      parked: state.parkedSeq
        ? {
            seq: state.parkedSeq,
            msgid: state.parkedMsgid ?? '',
            failure: storedFailure(state.parkedCode, state.parkedParams, state.parkedReason ?? ''),
            since: state.parkedAt?.toISOString() ?? '',
          }
        : null,
      lastFailure: storedFailureIfAny(state.lastErrorCode, state.lastErrorParams, state.lastError),
      stalled: stall ? { since: stall.since.toISOString(), notifies: stall.notifies } : null,
      retentionDays,
    };
  }

  /** Every method that returns chat content records the read itself, so no route can forget it. */
  async conversations(query: ConversationListQuery, actor: Actor): Promise<Page<Conversation>> {
    const { items, total } = await this.repository.listConversations(
      query,
      await this.scopes.departmentsFor(actor.user),
    );
    await this.audit.record(actor, { action: AccessAction.ConversationList, detail: filtersOf(query) });
    return { items: await this.mapConversations(items), total, page: query.page, pageSize: query.pageSize };
  }

  async conversation(id: string, actor: Actor): Promise<Conversation> {
    const conversation = await this.visibleConversation(id, actor.user);
    await this.audit.record(actor, {
      action: AccessAction.ConversationView,
      targetType: 'conversation',
      targetId: id,
    });
    return conversation;
  }

  /**
   * Whether the viewer may read the conversation: the one place that decides who receives its live messages
   * (the same scope as reading it through the API).
   */
  async canRead(conversationId: string, viewer: AuthUser): Promise<boolean> {
    if (!viewer.permissions.has(Permission.ChatsRead)) return false;
    const scope = await this.scopes.departmentsFor(viewer);
    return (await this.repository.findConversation(conversationId, scope)) !== null;
  }

  async window(conversationId: string, query: MessageWindowQuery, actor: Actor): Promise<MessageWindow> {
    await this.visibleConversation(conversationId, actor.user);
    const { items, hasOlder, hasNewer } = await this.repository.window(conversationId, query);
    await this.audit.record(actor, {
      action: AccessAction.ConversationView,
      targetType: 'conversation',
      targetId: conversationId,
      detail: { ...filtersOf(query), messages: items.length },
    });
    return { items: await this.mapMessages(items, actor.user), hasOlder, hasNewer };
  }

  async search(query: MessageSearchQuery, actor: Actor): Promise<Page<ArchivedMessage>> {
    const { items, total } = await this.repository.search(
      query,
      await this.scopes.departmentsFor(actor.user),
    );
    await this.audit.record(actor, { action: AccessAction.MessageSearch, detail: filtersOf(query) });
    return {
      items: await this.mapMessages(items, actor.user),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Every message of a conversation in order, for export; the export is recorded before any is read. */
  async exportMessages(conversationId: string, actor: Actor): Promise<AsyncGenerator<ArchivedMessage[]>> {
    await this.visibleConversation(conversationId, actor.user);
    await this.audit.record(actor, {
      action: AccessAction.ConversationExport,
      targetType: 'conversation',
      targetId: conversationId,
    });
    return this.allMessages(conversationId, actor.user);
  }

  /** A message's stored content, to serve its media file. */
  async media(id: string, actor: Actor): Promise<{ row: ArchiveMessageEntity; stored: StoredContent }> {
    const row = await this.repository.findMessage(id);
    if (!row) throw notFound('Message');
    await this.visibleConversation(String(row.conversationId), actor.user);
    await this.audit.record(actor, {
      action: AccessAction.MediaView,
      targetType: 'message',
      targetId: id,
      detail: { conversationId: String(row.conversationId), msgtype: row.msgtype },
    });
    return { row, stored: storedContent(row.seq, (await this.repository.contents([id])).get(id)) };
  }

  private async *allMessages(conversationId: string, viewer: AuthUser): AsyncGenerator<ArchivedMessage[]> {
    let after: ArchiveMessageEntity | null = null;
    for (;;) {
      const rows = await this.repository.forward(conversationId, after, 500);
      if (rows.length === 0) return;
      yield await this.mapMessages(rows, viewer);
      after = rows[rows.length - 1]!;
    }
  }

  private async visibleConversation(id: string, viewer: AuthUser): Promise<Conversation> {
    const row = await this.repository.findConversation(id, await this.scopes.departmentsFor(viewer));
    if (!row) throw notFound('Conversation');
    return (await this.mapConversations([row]))[0]!;
  }

  private async mapConversations(rows: ArchiveConversationEntity[]): Promise<Conversation[]> {
    const directory = await ParticipantDirectory.load(
      this.dataSource,
      rows.flatMap((row) => [row.memberId ?? '', row.customerId ?? '']),
      rows.map((row) => row.roomId ?? ''),
    );
    const singles = rows.filter((row) => row.kind === 'single' && row.memberId && row.customerId);
    const consents = singles.length
      ? await new CustomerDirectory(this.dataSource).archiveConsentsOf(singles.map((row) => row.customerId!))
      : [];
    return rows.map((row) => {
      const consent = consents.find(
        (follow) => follow.externalUserId === row.customerId && follow.userId === row.memberId,
      );
      return {
        id: String(row.id),
        kind: row.kind,
        member: row.memberId ? directory.of(row.memberId) : null,
        customer: row.customerId ? directory.of(row.customerId) : null,
        roomId: row.roomId,
        roomName: row.roomId ? directory.roomName(row.roomId) : null,
        lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
        lastMessagePreview: row.lastPreview,
        lastMessageType: row.lastMsgtype,
        messageCount: row.messageCount,
        violationCount: row.violationCount,
        consent: row.kind === 'single' ? (consent?.archiveConsent ?? 'unknown') : 'unknown',
      };
    });
  }

  private async mapMessages(rows: ArchiveMessageEntity[], viewer: AuthUser): Promise<ArchivedMessage[]> {
    const ids = rows.map((row) => String(row.id));
    const [contents, directory, violations] = await Promise.all([
      this.repository.contents(ids),
      ParticipantDirectory.load(
        this.dataSource,
        rows.map((row) => row.senderId),
      ),
      this.violations.ofMessages(ids),
    ]);
    // A violation is its sender's: a viewer who sees the chat through another member may read it, not handle it.
    const flagged = new Set(violations.map((violation) => violation.messageId));
    const sendersInScope = flagged.size
      ? await this.scopes.membersInScope(viewer, [
          ...new Set(rows.filter((row) => flagged.has(String(row.id))).map((row) => row.senderId)),
        ])
      : new Set<string>();
    return rows.map((row) => {
      const stored = storedContent(row.seq, contents.get(String(row.id)));
      return {
        id: String(row.id),
        msgid: row.msgid,
        seq: row.seq,
        conversationId: String(row.conversationId),
        action: row.action,
        msgtype: row.msgtype,
        from: directory.of(row.senderId),
        msgtime: row.msgtime.toISOString(),
        text: row.searchText || null,
        content: stored.content ?? stored.raw,
        recalledAt: row.recalledAt?.toISOString() ?? null,
        recallOf: row.recallOf,
        media: stored.sdkFileId
          ? { sdkFileId: stored.sdkFileId, fileSize: stored.fileSize, md5: stored.md5 }
          : null,
        violations: violations
          .filter((violation) => violation.messageId === String(row.id))
          .map(({ id, ruleName, severity, status }) => ({
            id,
            ruleName,
            severity,
            status,
            otherDepartment: !sendersInScope.has(row.senderId),
          })),
      };
    });
  }
}

/**
 * The archive keeps each message as WeCom sent it; what to render is derived again when it is read (a page is a
 * few dozen messages), so a better normaliser also improves what was archived before it.
 */
function storedContent(seq: string, source: string | undefined): StoredContent {
  const none: StoredContent = { content: null, raw: null, sdkFileId: null, md5: null, fileSize: null };
  if (source === undefined) return none;
  try {
    return normalizeArchiveMessage(seq, JSON.parse(source) as Record<string, unknown>, source);
  } catch {
    return none; // archived only after it normalised, so this is a damaged row: show it without content
  }
}
