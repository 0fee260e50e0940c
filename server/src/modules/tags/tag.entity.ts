import { Column, Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, PrimaryIdColumn } from '../../db/columns';

/** A corp tag group (企业标签组). Deleted ones keep their row so history still names their tags. */
@Entity({ name: 'corp_tag_groups' })
export class TagGroupEntity {
  @PrimaryIdColumn({ name: 'group_id', length: 64 })
  groupId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'sort_order', type: 'bigint', default: 0 })
  order!: string | number;

  @DateTimeColumn({ name: 'created_at', nullable: true })
  createdAt!: Date | null;

  @DateTimeColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}

@Entity({ name: 'corp_tags' })
@Index('ix_corp_tags_group', ['groupId'])
export class TagEntity {
  @PrimaryIdColumn({ name: 'tag_id', length: 64 })
  tagId!: string;

  @IdColumn({ name: 'group_id', length: 64 })
  groupId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'sort_order', type: 'bigint', default: 0 })
  order!: string | number;

  @DateTimeColumn({ name: 'created_at', nullable: true })
  createdAt!: Date | null;

  @DateTimeColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
