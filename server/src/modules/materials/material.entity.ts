import type { MaterialKind } from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, UpdatedAtColumn } from '../../db/columns';

/**
 * An entry of the materials library (素材库). The file itself lives in Keeper's media store (`storageKey`);
 * WeCom's temporary media_id is valid three days, so Keeper uploads again before `mediaExpiresAt`.
 */
@Entity({ name: 'materials' })
@Index('ix_materials_kind', ['kind', 'deletedAt', 'id'])
export class MaterialEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: MaterialKind;

  @Column({ type: 'varchar', length: 64 })
  title!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url!: string | null;

  @Column({ name: 'app_id', type: 'varchar', length: 64, nullable: true })
  appId!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  page!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ name: 'file_size', type: 'int', nullable: true })
  fileSize!: number | null;

  @Column({ name: 'mime_type', type: 'varchar', length: 128, nullable: true })
  mimeType!: string | null;

  /** Where the file is kept in Keeper's media store; null for links. */
  @Column({ name: 'storage_key', type: 'varchar', length: 255, nullable: true })
  storageKey!: string | null;

  /** SHA-256 of the file, so the same upload twice is one material's file. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  /** WeCom's temporary media_id (media/upload) and when it runs out. */
  @Column({ name: 'media_id', type: 'varchar', length: 255, nullable: true })
  mediaId!: string | null;

  @DateTimeColumn({ name: 'media_expires_at', nullable: true })
  mediaExpiresAt!: Date | null;

  /** Images: the permanent URL from media/uploadimg (link covers and image attachments may use it). */
  @Column({ name: 'pic_url', type: 'varchar', length: 2048, nullable: true })
  picUrl!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  /** Deleted materials stay for the campaigns that used them, hidden from the library. */
  @DateTimeColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
