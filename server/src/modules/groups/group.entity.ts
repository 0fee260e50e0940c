import { Column, Entity, Index } from 'typeorm';
import { BigIdColumn, DateTimeColumn, IdColumn, PrimaryIdColumn, UpdatedAtColumn } from '../../db/columns';

/** A customer group chat (客户群). */
@Entity({ name: 'customer_groups' })
@Index('ix_customer_groups_owner', ['ownerId'])
export class CustomerGroupEntity {
  @PrimaryIdColumn({ name: 'chat_id', length: 64 })
  chatId!: string;

  @Column({ type: 'varchar', length: 128, default: '' })
  name!: string;

  @IdColumn({ name: 'owner_userid', length: 64 })
  ownerId!: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  notice!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: 'active' | 'dismissed';

  @DateTimeColumn({ name: 'created_at', nullable: true })
  createdAt!: Date | null;

  @DateTimeColumn({ name: 'dismissed_at', nullable: true })
  dismissedAt!: Date | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Who is in a group now (left_at null) or was (left_at set). */
@Entity({ name: 'customer_group_members' })
@Index('ix_customer_group_members_member', ['memberId'])
export class CustomerGroupMemberEntity {
  @PrimaryIdColumn({ name: 'chat_id', length: 64 })
  chatId!: string;

  @PrimaryIdColumn({ name: 'member_id', length: 64 })
  memberId!: string;

  /** 1 a member of the corp, 2 a customer. */
  @Column({ type: 'smallint' })
  type!: number;

  @DateTimeColumn({ name: 'joined_at', nullable: true })
  joinedAt!: Date | null;

  @Column({ name: 'join_scene', type: 'smallint', nullable: true })
  joinScene!: number | null;

  @IdColumn({ name: 'invitor', length: 64, nullable: true })
  invitor!: string | null;

  @DateTimeColumn({ name: 'left_at', nullable: true })
  leftAt!: Date | null;
}

/** Each join and leave, in order. */
@Entity({ name: 'customer_group_events' })
@Index('ix_customer_group_events_chat', ['chatId', 'occurredAt'])
export class CustomerGroupEventEntity {
  @BigIdColumn()
  id!: string | number;

  @IdColumn({ name: 'chat_id', length: 64 })
  chatId!: string;

  @IdColumn({ name: 'member_id', length: 64 })
  memberId!: string;

  @Column({ type: 'varchar', length: 8 })
  action!: 'join' | 'leave';

  @Column({ type: 'smallint', nullable: true })
  scene!: number | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;
}
