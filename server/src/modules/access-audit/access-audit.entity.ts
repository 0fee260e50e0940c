import type { AccessAction } from '@keeper/shared';
import { Column, Entity, Index } from 'typeorm';
import { BigIdColumn, DateTimeColumn, JsonColumn, type JsonObject } from '../../db/columns';

/** Who read or exported sensitive data, when, and what. Append-only. */
@Entity({ name: 'access_audit' })
@Index('ix_access_audit_at', ['at'])
@Index('ix_access_audit_user_at', ['userId', 'at'])
@Index('ix_access_audit_action_at', ['action', 'at'])
export class AccessAuditEntity {
  @BigIdColumn()
  id!: string | number;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId!: number | null;

  /** Kept as text so the row still says who it was after the account is renamed or removed. */
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 48 })
  action!: AccessAction;

  @Column({ name: 'target_type', type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 128, nullable: true })
  targetId!: string | null;

  @JsonColumn({ nullable: true })
  detail!: JsonObject | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @DateTimeColumn()
  at!: Date;
}
