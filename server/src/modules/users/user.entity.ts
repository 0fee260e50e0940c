import type { Role, UserStatus } from '@keeper/shared';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  IdColumn,
  PrimaryIdColumn,
  UpdatedAtColumn,
} from '../../db/columns';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName!: string;

  /** argon2id; null for accounts that only sign in through WeCom. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Index('uq_users_wecom_userid', { unique: true })
  @IdColumn({ name: 'wecom_userid', length: 64, nullable: true })
  wecomUserId!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: UserStatus;

  @DateTimeColumn({ name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @OneToMany(() => UserRoleEntity, (role) => role.user, { cascade: true })
  roles!: UserRoleEntity[];

  @OneToMany(() => UserScopeEntity, (scope) => scope.user, { cascade: true })
  scopes!: UserScopeEntity[];
}

@Entity({ name: 'user_roles' })
export class UserRoleEntity {
  @PrimaryColumn({ name: 'user_id', type: 'int' })
  userId!: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  role!: Role;

  @ManyToOne(() => UserEntity, (user) => user.roles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_roles_user' })
  user!: UserEntity;
}

/** A department (with its sub-tree) whose customers and chats the user may see. */
@Entity({ name: 'user_scopes' })
export class UserScopeEntity {
  @PrimaryColumn({ name: 'user_id', type: 'int' })
  userId!: number;

  @PrimaryIdColumn({ name: 'department_id', length: 32 })
  departmentId!: string;

  @ManyToOne(() => UserEntity, (user) => user.scopes, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_scopes_user' })
  user!: UserEntity;
}
