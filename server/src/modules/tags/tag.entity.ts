import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../db/columns';

/** A corp tag group (企业标签组). Deleted ones keep their row so history still names their tags. */
@Entity({ name: 'corp_tag_groups' })
export class TagGroupEntity {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 64 })
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
  @PrimaryColumn({ name: 'tag_id', type: 'varchar', length: 64 })
  tagId!: string;

  @Column({ name: 'group_id', type: 'varchar', length: 64 })
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
