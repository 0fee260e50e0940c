import type { CaseStatus, HandoverKind, HandoverReason, ItemKind, ItemState } from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, IdColumn, UpdatedAtColumn } from '../../db/columns';

/**
 * One member's handover: opened by Keeper when a member leaves (resigned) or by a manager for a member who
 * stays (on-job). It holds every customer and group of the member as items; the case's status and counts are
 * derived from them after each change.
 */
@Entity({ name: 'handover_cases' })
@Index('ix_handover_cases_status', ['status', 'id'])
@Index('ix_handover_cases_handover', ['handoverUserId'])
export class HandoverCaseEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /**
   * At most one case per departure (`resigned:<userid>:<departure epoch>`), and one unfinished on-duty case per
   * member (`on_job:<userid>:<case opening epoch>` is unique anyway; the service returns the open one).
   */
  @Index('uq_handover_cases_dedupe', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 128 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: HandoverKind;

  @Column({ type: 'varchar', length: 12 })
  status!: CaseStatus;

  @IdColumn({ name: 'handover_userid', length: 64 })
  handoverUserId!: string;

  @DateTimeColumn({ name: 'departed_at', nullable: true })
  departedAt!: Date | null;

  /** The on-duty message template (with the receiver placeholder); null for the default. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  message!: string | null;

  @Column({ name: 'opened_by', type: 'varchar', length: 64, nullable: true })
  openedBy!: string | null;

  /** When a summary was last sent to the managers, so a completion is told once. */
  @DateTimeColumn({ name: 'reported_at', nullable: true })
  reportedAt!: Date | null;

  /** How many refusals the managers were last told about (they hear again when more pass the threshold). */
  @Column({ name: 'refusals_reported', type: 'int', default: 0 })
  refusalsReported!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * A customer or group of a case and where it stands. The plan is written here before any call, and every call's
 * answer is committed here, so the engine can stop anywhere and resume without sending anything twice.
 */
@Entity({ name: 'handover_items' })
@Index('uq_handover_items_target', ['caseId', 'kind', 'targetId'], { unique: true })
@Index('ix_handover_items_case_state', ['caseId', 'state'])
@Index('ix_handover_items_state_takeover', ['state', 'takeoverUserId'])
@Index('ix_handover_items_target_state', ['targetId', 'state'])
@Index('ix_handover_items_batch', ['batchId'])
export class HandoverItemEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'case_id', type: 'int' })
  caseId!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: ItemKind;

  /** external_userid or chat_id. */
  @IdColumn({ name: 'target_id', length: 64 })
  targetId!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: ItemState;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: HandoverReason | null;

  @Column({ type: 'int', nullable: true })
  errcode!: number | null;

  @IdColumn({ name: 'takeover_userid', length: 64, nullable: true })
  takeoverUserId!: string | null;

  /** The call the item went out in; set before the call, so a crash after it is recognised. */
  @Column({ name: 'batch_id', type: 'int', nullable: true })
  batchId!: number | null;

  @DateTimeColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  /** WeCom's takeover time: when a waiting transfer completes, or when a done one did. */
  @DateTimeColumn({ name: 'takeover_at', nullable: true })
  takeoverAt!: Date | null;

  /** Groups held back by WeCom's 300 groups a day: not sent before this. */
  @DateTimeColumn({ name: 'not_before', nullable: true })
  notBefore!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'planned_by', type: 'varchar', length: 64, nullable: true })
  plannedBy!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * One call to a transfer API. `sending` from before the call until its answer is committed: a batch still
 * `sending` after a crash or a lost answer is settled from WeCom's transfer results before anything is resent.
 */
@Entity({ name: 'handover_batches' })
@Index('ix_handover_batches_status', ['status'])
export class HandoverBatchEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'case_id', type: 'int' })
  caseId!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: ItemKind;

  @IdColumn({ name: 'takeover_userid', length: 64 })
  takeoverUserId!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: 'sending' | 'answered';

  @CreatedAtColumn()
  createdAt!: Date;
}

/**
 * The result polling of one (case, receiver) pair: the first poll after WeCom's takeover time, then hourly
 * until nothing of the pair is waiting.
 */
@Entity({ name: 'handover_polls' })
@Index('uq_handover_polls_pair', ['caseId', 'takeoverUserId'], { unique: true })
@Index('ix_handover_polls_due', ['dueAt'])
export class HandoverPollEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'case_id', type: 'int' })
  caseId!: number;

  @IdColumn({ name: 'takeover_userid', length: 64 })
  takeoverUserId!: string;

  /** Null when nothing of the pair is waiting. */
  @DateTimeColumn({ name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @DateTimeColumn({ name: 'polled_at', nullable: true })
  polledAt!: Date | null;
}
