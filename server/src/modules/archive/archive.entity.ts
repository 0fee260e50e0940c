import type { ConversationKind, RescanStatus } from '@keeper/shared';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import {
  BigIdColumn,
  BigIntStringColumn,
  CreatedAtColumn,
  DateTimeColumn,
  IdColumn,
  JsonColumn,
  LongTextColumn,
  SearchTextColumn,
  type JsonObject,
} from '../../db/columns';

/**
 * One archived message. The big table (hundreds of millions of rows at a large corp), so rows stay narrow:
 * ids, times, the searchable text; the type's full JSON lives in `archive_message_contents`.
 */
@Entity({ name: 'archive_messages' })
@Index('uq_archive_messages_msgid', ['msgid'], { unique: true })
@Index('ix_archive_messages_conversation_time', ['conversationId', 'msgtime', 'id'])
@Index('ix_archive_messages_sender_time', ['senderId', 'msgtime'])
@Index('ix_archive_messages_time', ['msgtime'])
@Index('ix_archive_messages_seq', ['seq'])
export class ArchiveMessageEntity {
  @BigIdColumn()
  id!: string | number;

  @IdColumn({ length: 128 })
  msgid!: string;

  /** WeCom's archive sequence: 64-bit, kept exact as a string. */
  @BigIntStringColumn()
  seq!: string;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId!: string | number;

  @IdColumn({ name: 'sender_id' })
  senderId!: string;

  @Column({ type: 'varchar', length: 8 })
  action!: 'send' | 'recall' | 'switch';

  @Column({ type: 'varchar', length: 32 })
  msgtype!: string;

  @DateTimeColumn()
  msgtime!: Date;

  /** Lower-cased searchable text, cut to what search needs; the full text is in the contents row. */
  @SearchTextColumn({ name: 'search_text', length: 1000 })
  searchText!: string;

  @DateTimeColumn({ name: 'recalled_at', nullable: true })
  recalledAt!: Date | null;

  /** For a recall notice: the msgid it recalled. */
  @IdColumn({ name: 'recall_of', length: 128, nullable: true })
  recallOf!: string | null;

  @Column({ name: 'violation_count', type: 'int', default: 0 })
  violationCount!: number;
}

/** The message as WeCom sent it (decrypted JSON), for rendering and export. */
@Entity({ name: 'archive_message_contents' })
export class ArchiveMessageContentEntity {
  @PrimaryColumn({ name: 'message_id', type: 'bigint' })
  messageId!: string | number;

  @LongTextColumn()
  content!: string;
}

/** A conversation: a member and a customer, two members, or a group chat. */
@Entity({ name: 'archive_conversations' })
@Index('uq_archive_conversations_key', ['conversationKey'], { unique: true })
@Index('ix_archive_conversations_member', ['memberId', 'lastMessageAt'])
@Index('ix_archive_conversations_customer', ['customerId', 'lastMessageAt'])
@Index('ix_archive_conversations_last', ['lastMessageAt'])
export class ArchiveConversationEntity {
  @BigIdColumn()
  id!: string | number;

  /** single:<member>:<customer>, internal:<a>:<b> (sorted), group:<roomid>. */
  @IdColumn({ name: 'conversation_key', length: 200 })
  conversationKey!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: ConversationKind;

  @IdColumn({ name: 'member_id', nullable: true })
  memberId!: string | null;

  @IdColumn({ name: 'customer_id', nullable: true })
  customerId!: string | null;

  @IdColumn({ name: 'room_id', length: 128, nullable: true })
  roomId!: string | null;

  @DateTimeColumn({ name: 'last_message_at', nullable: true })
  lastMessageAt!: Date | null;

  @Column({ name: 'last_preview', type: 'varchar', length: 200, nullable: true })
  lastPreview!: string | null;

  /** The msgtype of the message the preview was made from: a text that merely reads `[image]` is still text. */
  @Column({ name: 'last_msgtype', type: 'varchar', length: 32, nullable: true })
  lastMsgtype!: string | null;

  @Column({ name: 'message_count', type: 'int', default: 0 })
  messageCount!: number;

  @Column({ name: 'violation_count', type: 'int', default: 0 })
  violationCount!: number;
}

/** Where the puller stands. One row per corp (today: one). */
@Entity({ name: 'archive_state' })
export class ArchiveStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @BigIntStringColumn({ name: 'checkpoint_seq' })
  checkpointSeq!: string;

  @DateTimeColumn({ name: 'last_pull_at', nullable: true })
  lastPullAt!: Date | null;

  @Column({ name: 'last_pulled', type: 'int', default: 0 })
  lastPulled!: number;

  @BigIntStringColumn({ name: 'parked_seq', nullable: true })
  parkedSeq!: string | null;

  @IdColumn({ name: 'parked_msgid', length: 128, nullable: true })
  parkedMsgid!: string | null;

  @Column({ name: 'parked_reason', type: 'varchar', length: 500, nullable: true })
  parkedReason!: string | null;

  /** Why the puller parked, as a code the console words (`FailureCode`) and its values; the reason is the detail. */
  @Column({ name: 'parked_code', type: 'varchar', length: 32, nullable: true })
  parkedCode!: string | null;

  @JsonColumn({ name: 'parked_params', nullable: true })
  parkedParams!: JsonObject | null;

  @DateTimeColumn({ name: 'parked_at', nullable: true })
  parkedAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_code', type: 'varchar', length: 32, nullable: true })
  lastErrorCode!: string | null;

  @JsonColumn({ name: 'last_error_params', nullable: true })
  lastErrorParams!: JsonObject | null;

  /**
   * msgaudit_notify callbacks (WeCom saying there is news) since the puller last received a page, and when the
   * first of them came. Many, over minutes, with nothing after the checkpoint: the archive is stalled.
   */
  @Column({ name: 'unanswered_notifies', type: 'int', default: 0 })
  unansweredNotifies!: number;

  @DateTimeColumn({ name: 'notified_since', nullable: true })
  notifiedSince!: Date | null;
}

/** Media fetched from the archive on demand, stored on disk. */
@Entity({ name: 'archive_media' })
export class ArchiveMediaEntity {
  /** sha256 of the sdkfileid (those are long). */
  @PrimaryColumn({ name: 'file_key', type: 'varchar', length: 64 })
  fileKey!: string;

  @Column({ name: 'relative_path', type: 'varchar', length: 255 })
  relativePath!: string;

  @Column({ type: 'bigint' })
  size!: string | number;

  @DateTimeColumn({ name: 'fetched_at' })
  fetchedAt!: Date;

  @DateTimeColumn({ name: 'message_time' })
  messageTime!: Date;
}

/**
 * A re-scan of a period's archived messages against today's rules, run in the background one job at a time.
 * `afterId` is how far it got: each batch of messages, its violations and the new cursor commit together, so a
 * job stopped anywhere (a crash, a restart) goes on from its last batch and records no hit twice.
 */
@Entity({ name: 'rescan_jobs' })
@Index('ix_rescan_jobs_status', ['status', 'id'])
export class RescanJobEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @DateTimeColumn({ name: 'from_time' })
  fromTime!: Date;

  @DateTimeColumn({ name: 'to_time' })
  toTime!: Date;

  @Column({ type: 'varchar', length: 12 })
  status!: RescanStatus;

  @BigIntStringColumn({ name: 'after_id' })
  afterId!: string;

  @Column({ type: 'int', default: 0 })
  total!: number;

  @Column({ type: 'int', default: 0 })
  scanned!: number;

  @Column({ type: 'int', default: 0 })
  created!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  /** Why it failed, as a code the console words (`FailureCode`) and its values; `error` is the detail. */
  @Column({ name: 'error_code', type: 'varchar', length: 32, nullable: true })
  errorCode!: string | null;

  @JsonColumn({ name: 'error_params', nullable: true })
  errorParams!: JsonObject | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 64, nullable: true })
  requestedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
