import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, LongTextColumn } from '../../db/columns';

/** Small facts about the WeCom connection worth keeping across restarts (e.g. when the callback URL was verified). */
@Entity({ name: 'wecom_state' })
export class WeComStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @LongTextColumn()
  value!: string;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** Cached access tokens shared by every Keeper process, keyed by corp and a hash of the secret. */
@Entity({ name: 'wecom_tokens' })
export class WeComTokenEntity {
  @PrimaryColumn({ name: 'cache_key', type: 'varchar', length: 128 })
  cacheKey!: string;

  @Column({ type: 'varchar', length: 1024 })
  token!: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;
}
