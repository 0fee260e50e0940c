import type { MemberStatus } from '@keeper/shared';
import { Column, Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  IdColumn,
  PrimaryIdColumn,
  UpdatedAtColumn,
} from '../../db/columns';

/** A WeCom department. Removed departments keep their row (with `deletedAt`) so history still names them. */
@Entity({ name: 'departments' })
export class DepartmentEntity {
  /** WeCom's 32-bit department id, as text like every WeCom id. */
  @PrimaryIdColumn({ length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Index('ix_departments_parent_id')
  @IdColumn({ name: 'parent_id', length: 32, nullable: true })
  parentId!: string | null;

  @Column({ name: 'sort_order', type: 'bigint', default: 0 })
  order!: string | number;

  @DateTimeColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * A WeCom member (staff). A member who leaves becomes `departed` with the time and is never deleted: their
 * customers, chats and ownership history all point here.
 */
@Entity({ name: 'members' })
@Index('ix_members_status', ['status'])
export class MemberEntity {
  @PrimaryIdColumn({ name: 'userid', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @IdColumn({ name: 'main_department_id', length: 32, nullable: true })
  mainDepartmentId!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  position!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  mobile!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  avatar!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  gender!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: MemberStatus;

  @DateTimeColumn({ name: 'departed_at', nullable: true })
  departedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Which departments a member belongs to: the join that department scopes filter through. */
@Entity({ name: 'member_departments' })
@Index('ix_member_departments_department', ['departmentId'])
export class MemberDepartmentEntity {
  @PrimaryIdColumn({ name: 'userid', length: 64 })
  userId!: string;

  @PrimaryIdColumn({ name: 'department_id', length: 32 })
  departmentId!: string;

  @Column({ name: 'is_leader', type: 'boolean', default: false })
  isLeader!: boolean;
}
