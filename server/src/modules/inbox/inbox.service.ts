import { createHash } from 'node:crypto';
import {
  dedupeKey,
  parseCallbackMessage,
  type CallbackCodec,
  type CallbackQuery,
  type WeComCallbackEvent,
} from '@keeper/bot';
import type { InboxEvent, InboxQuery, Page } from '@keeper/shared';
import type { JsonObject } from '../../db/columns';
import { storedFailureIfAny } from '../../jobs/failure';
import type { InboxEntity } from './inbox.entity';
import type { InboxRepository } from './inbox.repository';

/** Fields worth showing in the console for an event: ids and change types, never content. */
const SUMMARY_FIELDS = [
  'userId',
  'externalUserId',
  'chatId',
  'id',
  'tagType',
  'state',
  'source',
  'failReason',
  'updateDetail',
  'newUserId',
  'msgId',
  'fromUserName',
  'createTime',
] as const;

/** Receives verified callbacks into the inbox, and lets admins see and retry what got parked. */
export class InboxService {
  constructor(
    private readonly repository: InboxRepository,
    private readonly codec: CallbackCodec,
  ) {}

  /**
   * Verifies, decrypts and stores one POSTed callback. Throws `CallbackError` for anything not from WeCom
   * (nothing is stored then). Returns false for a redelivery of a callback already stored.
   */
  async receive(query: CallbackQuery, body: Buffer): Promise<{ stored: boolean; event: WeComCallbackEvent }> {
    const { xml } = this.codec.decryptPost(query, body);
    const event = parseCallbackMessage(xml);
    const stored = await this.repository.insertOnce({
      // Keys can be long (canonical JSON of the event); a digest fits the unique index.
      dedupeKey: createHash('sha256').update(dedupeKey(event)).digest('hex'),
      eventType: event.type,
      rawXml: xml,
      summary: summarize(event),
    });
    return { stored, event };
  }

  verifyUrl(query: CallbackQuery): string {
    return this.codec.verifyUrl(query);
  }

  async list(query: InboxQuery): Promise<Page<InboxEvent>> {
    const { items, total } = await this.repository.list(query);
    return { items: items.map((row) => this.map(row)), total, page: query.page, pageSize: query.pageSize };
  }

  retry(ids: string[]): Promise<number> {
    return this.repository.requeue(ids);
  }

  counts() {
    return this.repository.countByStatus();
  }

  private map(row: InboxEntity): InboxEvent {
    return {
      id: String(row.id),
      eventType: row.eventType,
      status: row.status,
      attempts: row.attempts,
      lastFailure: storedFailureIfAny(row.lastErrorCode, row.lastErrorParams, row.lastError),
      receivedAt: row.receivedAt.toISOString(),
      nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
      processedAt: row.processedAt?.toISOString() ?? null,
      summary: row.summary,
    };
  }
}

function summarize(event: WeComCallbackEvent): JsonObject {
  const summary: JsonObject = {};
  const fields = event as unknown as Record<string, unknown>;
  for (const field of SUMMARY_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' || typeof value === 'number') summary[field] = value;
  }
  return summary;
}
