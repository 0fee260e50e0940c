import type { InboxStatus } from '@keeper/shared';
import { Column, Entity, Index } from 'typeorm';
import {
  BigIdColumn,
  DateTimeColumn,
  IdColumn,
  JsonColumn,
  type JsonObject,
  LongTextColumn,
} from '../../db/columns';

/**
 * Every WeCom callback, stored before WeCom gets its answer. The unique dedupe key makes a redelivery a no-op;
 * the dispatcher works through pending rows, so a crash after answering loses nothing.
 */
@Entity({ name: 'wecom_inbox' })
@Index('ix_wecom_inbox_due', ['status', 'nextAttemptAt'])
export class InboxEntity {
  @BigIdColumn()
  id!: string | number;

  @Index('uq_wecom_inbox_dedupe_key', { unique: true })
  @IdColumn({ name: 'dedupe_key', length: 191 })
  dedupeKey!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType!: string;

  /** The decrypted XML exactly as WeCom sent it: the source of truth a handler re-parses. */
  @LongTextColumn({ name: 'raw_xml' })
  rawXml!: string;

  /** Ids and change types for the console; never message content. */
  @JsonColumn()
  summary!: JsonObject;

  @Column({ type: 'varchar', length: 16 })
  status!: InboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @DateTimeColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /** Set while a dispatcher works on the row; a lease that ran out (crash) makes the row claimable again. */
  @DateTimeColumn({ name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  /** Which process holds the lease (host:pid:…), so a restarted Keeper takes over a dead process's rows at once. */
  @Column({ name: 'locked_by', type: 'varchar', length: 128, nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  /** The last failure as a code the console words (`FailureCode`) and its values; `lastError` is its detail. */
  @Column({ name: 'last_error_code', type: 'varchar', length: 32, nullable: true })
  lastErrorCode!: string | null;

  @JsonColumn({ name: 'last_error_params', nullable: true })
  lastErrorParams!: JsonObject | null;

  @DateTimeColumn({ name: 'received_at' })
  receivedAt!: Date;

  @DateTimeColumn({ name: 'processed_at', nullable: true })
  processedAt!: Date | null;
}
