import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, IdColumn, PrimaryIdColumn } from '../../db/columns';
import { UserEntity } from '../users/user.entity';

/**
 * A console session. The cookie carries a random token; only its SHA-256 is stored, so a leaked
 * table cannot be replayed as cookies.
 */
@Entity({ name: 'sessions' })
@Index('ix_sessions_expires_at', ['expiresAt'])
export class SessionEntity {
  @PrimaryIdColumn({ name: 'token_hash', length: 64 })
  tokenHash!: string;

  @Index('ix_sessions_user_id')
  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sessions_user' })
  user!: UserEntity;

  @IdColumn({ name: 'csrf_token', length: 64 })
  csrfToken!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;
}
