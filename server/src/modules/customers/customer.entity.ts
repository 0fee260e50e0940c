import type { CustomerEventKind, CustomerStatus, FollowStatus } from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  BigIdColumn,
  SearchTextColumn,
  CreatedAtColumn,
  DateTimeColumn,
  IdColumn,
  JsonColumn,
  type JsonObject,
  PrimaryIdColumn,
  UpdatedAtColumn,
} from '../../db/columns';

/** An external contact (客户) of the corp. Never deleted: a lost customer keeps its record and history. */
@Entity({ name: 'customers' })
@Index('ix_customers_status_first_added', ['status', 'firstAddedAt'])
@Index('ix_customers_first_added', ['firstAddedAt'])
@Index('ix_customers_updated', ['updatedAt'])
export class CustomerEntity {
  @PrimaryIdColumn({ name: 'external_userid', length: 64 })
  externalUserId!: string;

  @Index('ix_customers_name')
  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  avatar!: string | null;

  /** 1 WeChat user, 2 WeCom user. */
  @Column({ type: 'smallint', default: 1 })
  type!: number;

  @Column({ type: 'smallint', default: 0 })
  gender!: number;

  @Column({ name: 'corp_name', type: 'varchar', length: 128, nullable: true })
  corpName!: string | null;

  @Column({ name: 'corp_full_name', type: 'varchar', length: 255, nullable: true })
  corpFullName!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  position!: string | null;

  @Column({ name: 'unionid', type: 'varchar', length: 128, nullable: true })
  unionId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  status!: CustomerStatus;

  /**
   * Lower-cased name, remarks, remark company names and phone numbers of every follow relation: one narrow
   * column that the list's search scans instead of joining follows.
   */
  @SearchTextColumn({ name: 'search_text' })
  searchText!: string;

  @DateTimeColumn({ name: 'first_added_at', nullable: true })
  firstAddedAt!: Date | null;

  @DateTimeColumn({ name: 'lost_at', nullable: true })
  lostAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Which member follows which customer: WeCom's follow_user, with how it ended when it did. */
@Entity({ name: 'customer_follows' })
@Index('uq_customer_follows_pair', ['externalUserId', 'userId'], { unique: true })
// Both cover the customer id, so scope, owner, department and channel filters never touch the rows.
@Index('ix_customer_follows_user_status', ['userId', 'status', 'externalUserId'])
@Index('ix_customer_follows_added', ['addedAt'])
@Index('ix_customer_follows_state', ['state', 'externalUserId'])
// Active relations in customer order: the audience count groups them by customer without sorting, and looks up
// a tagged relation's status without reading the row.
@Index('ix_customer_follows_status_customer', ['status', 'externalUserId', 'userId'])
export class CustomerFollowEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @IdColumn({ name: 'external_userid', length: 64 })
  externalUserId!: string;

  @IdColumn({ name: 'userid', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  remark!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description!: string | null;

  /** Comma-separated, as entered in WeCom. */
  @Column({ name: 'remark_mobiles', type: 'varchar', length: 255, default: '' })
  remarkMobiles!: string;

  @Column({ name: 'remark_corp_name', type: 'varchar', length: 128, nullable: true })
  remarkCorpName!: string | null;

  @Column({ name: 'add_way', type: 'int', nullable: true })
  addWay!: number | null;

  /** The 联系我 state: the channel the customer came through. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  state!: string | null;

  @IdColumn({ name: 'oper_userid', length: 64, nullable: true })
  operUserId!: string | null;

  @DateTimeColumn({ name: 'added_at', nullable: true })
  addedAt!: Date | null;

  @Column({ type: 'varchar', length: 24 })
  status!: FollowStatus;

  @DateTimeColumn({ name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /**
   * WeCom's time of the latest change of this relation that Keeper applied (a callback's CreateTime, the time
   * WeCom says the relation began): WeCom delivers in any order, and older news must not undo newer.
   */
  @DateTimeColumn({ name: 'event_at', nullable: true })
  eventAt!: Date | null;

  /**
   * When Keeper last wrote this relation, by Keeper's clock. The reconciliation sync leaves alone relations
   * changed after it took its snapshot of the member: the snapshot is older than what a callback wrote.
   */
  @DateTimeColumn({ name: 'changed_at', nullable: true })
  changedAt!: Date | null;

  @DateTimeColumn({ name: 'archive_consent_at', nullable: true })
  archiveConsentAt!: Date | null;

  /** The customer's answer to chat archiving (check_single_agree): agree, disagree or default_agree. */
  @Column({ name: 'archive_consent', type: 'varchar', length: 16, nullable: true })
  archiveConsent!: 'agree' | 'disagree' | 'default_agree' | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** The corp tags a member put on a customer (tags belong to the follow relation in WeCom). */
@Entity({ name: 'customer_follow_tags' })
@Index('ix_customer_follow_tags_tag', ['tagId'])
export class CustomerFollowTagEntity {
  @PrimaryIdColumn({ name: 'external_userid', length: 64 })
  externalUserId!: string;

  @PrimaryIdColumn({ name: 'userid', length: 64 })
  userId!: string;

  @PrimaryIdColumn({ name: 'tag_id', length: 64 })
  tagId!: string;
}

/**
 * Every change of who owns a customer, and every edit, with its cause. Append-only: the record a company
 * relies on when a member deletes a customer or leaves.
 */
@Entity({ name: 'customer_events' })
@Index('ix_customer_events_customer', ['externalUserId', 'occurredAt'])
@Index('ix_customer_events_member', ['userId', 'occurredAt'])
@Index('ix_customer_events_kind', ['kind', 'occurredAt'])
export class CustomerEventEntity {
  @BigIdColumn()
  id!: string | number;

  @IdColumn({ name: 'external_userid', length: 64 })
  externalUserId!: string;

  @IdColumn({ name: 'userid', length: 64, nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 24 })
  kind!: CustomerEventKind;

  @JsonColumn({ nullable: true })
  detail!: JsonObject | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;

  @CreatedAtColumn({ name: 'recorded_at' })
  recordedAt!: Date;
}
