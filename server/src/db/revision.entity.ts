import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A counter per kind of data that processes cache (the compiled audit rules, the department tree): every change
 * bumps it in the same transaction, and a cache compares it before use, so an edit made by another process is
 * seen at the next use instead of never.
 */
@Entity({ name: 'revisions' })
export class RevisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'bigint', default: 0 })
  value!: string;
}
