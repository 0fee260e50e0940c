import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../db/columns';

/** A named lease so that one process at a time runs a job (a sync, the archive puller). */
@Entity({ name: 'job_locks' })
export class JobLockEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 128 })
  holder!: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;
}
