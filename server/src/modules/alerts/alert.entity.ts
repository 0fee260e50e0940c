import type { AlertKind, AlertStatus } from '@keeper/shared';
import { Column, Entity, Index } from 'typeorm';
import { BigIdColumn, CreatedAtColumn, DateTimeColumn, IdColumn } from '../../db/columns';

/** Something a manager should see now: a member deleting a customer, a customer deleting a member. */
@Entity({ name: 'alerts' })
@Index('ix_alerts_status_occurred', ['status', 'occurredAt'])
@Index('ix_alerts_member', ['userId', 'occurredAt'])
@Index('uq_alerts_source', ['dedupeKey'], { unique: true })
export class AlertEntity {
  @BigIdColumn()
  id!: string | number;

  /** One alert per cause: a redelivered or re-handled event cannot raise it twice. */
  @IdColumn({ name: 'dedupe_key', length: 191 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: AlertKind;

  @Column({ type: 'varchar', length: 8 })
  severity!: 'high' | 'medium' | 'low';

  @Column({ type: 'varchar', length: 16 })
  status!: AlertStatus;

  @IdColumn({ name: 'userid', length: 64 })
  userId!: string;

  @IdColumn({ name: 'external_userid', length: 64, nullable: true })
  externalUserId!: string | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ name: 'handled_by', type: 'varchar', length: 64, nullable: true })
  handledBy!: string | null;

  @DateTimeColumn({ name: 'handled_at', nullable: true })
  handledAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
