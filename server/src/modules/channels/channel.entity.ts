import type { BroadcastContent, ChannelShift, WelcomeOutcome } from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, IdColumn, JsonColumn, UpdatedAtColumn } from '../../db/columns';

/**
 * A channel QR code (渠道活码): Keeper's settings and WeCom's contact way (config_id, qr_code) made from them.
 * Deleted codes keep their row (deleted_at) so that the customers they brought still count in the figures;
 * `state` stays unique across all of them for the same reason.
 */
@Entity({ name: 'channel_codes' })
@Index('uq_channel_codes_state', ['state'], { unique: true })
@Index('ix_channel_codes_config', ['configId'])
export class ChannelCodeEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @IdColumn({ length: 30 })
  state!: string;

  @JsonColumn({ name: 'member_ids' })
  memberIds!: string[];

  @JsonColumn()
  shifts!: ChannelShift[];

  @Column({ name: 'daily_cap', type: 'int', nullable: true })
  dailyCap!: number | null;

  @JsonColumn({ name: 'backup_member_ids' })
  backupMemberIds!: string[];

  @Column({ name: 'skip_verify', type: 'boolean', default: true })
  skipVerify!: boolean;

  @JsonColumn({ name: 'tag_ids' })
  tagIds!: string[];

  @Column({ name: 'remark_prefix', type: 'varchar', length: 20, nullable: true })
  remarkPrefix!: string | null;

  @JsonColumn()
  welcome!: BroadcastContent;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** WeCom's handle of the contact way (the only one: API-made codes are not shown in the admin console). */
  @Column({ name: 'config_id', type: 'varchar', length: 64, nullable: true })
  configId!: string | null;

  @Column({ name: 'qr_code', type: 'varchar', length: 1024, nullable: true })
  qrCode!: string | null;

  /** The members WeCom rings now, as last told to WeCom. */
  @JsonColumn({ name: 'on_duty' })
  onDuty!: string[];

  /** The departments of the user who created it (null: corp-wide). */
  @JsonColumn({ name: 'scope_departments', nullable: true })
  scopeDepartments!: string[] | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @DateTimeColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}

/**
 * One welcome code Keeper received and what became of it. The row is claimed (inserted) before
 * send_welcome_msg, so the callback's fast path and the dispatcher never both send it.
 */
@Entity({ name: 'channel_welcomes' })
@Index('uq_channel_welcomes_code', ['welcomeCode'], { unique: true })
@Index('ix_channel_welcomes_channel', ['channelId', 'receivedAt'])
export class ChannelWelcomeEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'welcome_code', type: 'varchar', length: 128 })
  welcomeCode!: string;

  @Column({ name: 'channel_id', type: 'int', nullable: true })
  channelId!: number | null;

  @IdColumn({ name: 'userid' })
  userId!: string;

  @IdColumn({ name: 'external_userid' })
  externalUserId!: string;

  /** Null while being sent; none when the code has no welcome. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome!: WelcomeOutcome | 'none' | null;

  @Column({ name: 'error_code', type: 'int', nullable: true })
  errorCode!: number | null;

  /** When the callback carrying the code arrived. */
  @DateTimeColumn({ name: 'received_at' })
  receivedAt!: Date;

  @DateTimeColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}
