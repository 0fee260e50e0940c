import type { SyncRun } from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn, type JsonObject } from '../db/columns';

/** One run of a reconciliation sync (organisation now; customers, tags and groups later). */
@Entity({ name: 'sync_runs' })
@Index('ix_sync_runs_kind_started', ['kind', 'startedAt'])
export class SyncRunEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  trigger!: SyncRun['trigger'];

  @Column({ type: 'varchar', length: 16 })
  status!: SyncRun['status'];

  @DateTimeColumn({ name: 'started_at' })
  startedAt!: Date;

  @DateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @JsonColumn({ nullable: true })
  summary!: JsonObject | null;

  /** Why a failed run failed, as the technical text logged. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  /** The same failure as a code the console words (`FailureCode`), and the values its wording needs. */
  @Column({ name: 'error_code', type: 'varchar', length: 32, nullable: true })
  errorCode!: string | null;

  @JsonColumn({ name: 'error_params', nullable: true })
  errorParams!: JsonObject | null;
}
