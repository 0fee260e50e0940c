import type { RuleKind, ViolationStatus } from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIdColumn, DateTimeColumn, IdColumn, LongTextColumn, UpdatedAtColumn } from '../../db/columns';

/** An audit rule: keywords, regular expressions, or a built-in behaviour (recall, after hours, red packets). */
@Entity({ name: 'audit_rules' })
export class AuditRuleEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: RuleKind;

  /** JSON array of strings (thousands of keywords fit). */
  @LongTextColumn()
  patterns!: string;

  @Column({ type: 'varchar', length: 8 })
  severity!: 'high' | 'medium' | 'low';

  /** JSON array of department ids; empty = everyone. */
  @Column({ name: 'department_ids', type: 'varchar', length: 2000, default: '[]' })
  departmentIds!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Stable key of a rule Keeper ships (bank cards, phone numbers…); null for rules admins wrote. */
  @IdColumn({ name: 'builtin_key', length: 32, nullable: true })
  builtinKey!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A rule hit on a message. One per (rule, message), so re-scans never duplicate. */
@Entity({ name: 'violations' })
@Index('uq_violations_rule_message', ['ruleId', 'messageId'], { unique: true })
@Index('ix_violations_status_time', ['status', 'occurredAt'])
@Index('ix_violations_member_time', ['memberId', 'occurredAt'])
@Index('ix_violations_conversation', ['conversationId'])
export class ViolationEntity {
  @BigIdColumn()
  id!: string | number;

  @Column({ name: 'rule_id', type: 'int' })
  ruleId!: number;

  @Column({ name: 'message_id', type: 'bigint' })
  messageId!: string | number;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId!: string | number;

  @IdColumn({ name: 'member_id' })
  memberId!: string;

  @Column({ type: 'varchar', length: 8 })
  severity!: 'high' | 'medium' | 'low';

  /** Comma-separated matched words. */
  @Column({ type: 'varchar', length: 500, default: '' })
  matched!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  excerpt!: string | null;

  @Column({ type: 'varchar', length: 12 })
  status!: ViolationStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ name: 'handled_by', type: 'varchar', length: 64, nullable: true })
  handledBy!: string | null;

  @DateTimeColumn({ name: 'handled_at', nullable: true })
  handledAt!: Date | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;
}
