import type { MaterialListQuery } from '@keeper/shared';
import { In, IsNull, type DataSource, type Repository } from 'typeorm';
import { escapeLike } from '../../db/sql';
import { MaterialEntity } from './material.entity';

export type NewMaterial = Omit<
  MaterialEntity,
  'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'mediaId' | 'mediaExpiresAt' | 'picUrl'
>;
export type MaterialChanges = Pick<MaterialEntity, 'title' | 'description' | 'url' | 'appId' | 'page'>;

/** The materials library: queries only. Deleted materials stay (campaigns name them) and are left out of lists. */
export class MaterialsRepository {
  private readonly materials: Repository<MaterialEntity>;

  constructor(dataSource: DataSource) {
    this.materials = dataSource.getRepository(MaterialEntity);
  }

  async list(query: MaterialListQuery): Promise<{ items: MaterialEntity[]; total: number }> {
    const builder = this.materials.createQueryBuilder('m');
    // A campaign's own attachments are shown even when deleted since: it still sends them.
    if (query.ids) builder.where('m.id IN (:...ids)', { ids: query.ids.split(',').map(Number) });
    else builder.where('m.deleted_at IS NULL');
    if (query.kind) builder.andWhere('m.kind = :kind', { kind: query.kind });
    if (query.q) {
      builder.andWhere('(m.title LIKE :q OR m.description LIKE :q OR m.file_name LIKE :q)', {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    const [items, total] = await builder
      .orderBy('m.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  findLive(id: number): Promise<MaterialEntity | null> {
    return this.materials.findOneBy({ id, deletedAt: IsNull() });
  }

  /** Deleted ones too. */
  find(id: number): Promise<MaterialEntity | null> {
    return this.materials.findOneBy({ id });
  }

  /** Deleted ones too: a campaign keeps the materials it was composed with. */
  findByIds(ids: readonly number[]): Promise<MaterialEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.materials.findBy({ id: In([...new Set(ids)]) });
  }

  findLiveByIds(ids: readonly number[]): Promise<MaterialEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.materials.findBy({ id: In([...new Set(ids)]), deletedAt: IsNull() });
  }

  async insert(material: NewMaterial): Promise<MaterialEntity> {
    const result = await this.materials.insert(material);
    return this.materials.findOneByOrFail({ id: Number(result.identifiers[0]?.id) });
  }

  async update(id: number, changes: MaterialChanges): Promise<void> {
    await this.materials.update({ id }, changes);
  }

  /** True when it was live and is deleted now. */
  async softDelete(id: number, at: Date): Promise<boolean> {
    const result = await this.materials.update({ id, deletedAt: IsNull() }, { deletedAt: at });
    return result.affected === 1;
  }

  async recordMedia(id: number, mediaId: string, expiresAt: Date): Promise<void> {
    await this.materials.update({ id }, { mediaId, mediaExpiresAt: expiresAt });
  }

  async recordPicUrl(id: number, picUrl: string): Promise<void> {
    await this.materials.update({ id }, { picUrl });
  }

  /** Whether any material, deleted or not, keeps this file. */
  async fileInUse(sha256: string): Promise<boolean> {
    return (await this.materials.countBy({ sha256 })) > 0;
  }

  /** Whether an author already has a material of this title, deleted ones included (seeds are added once). */
  async hasTitle(createdBy: string, title: string): Promise<boolean> {
    return (await this.materials.countBy({ createdBy, title })) > 0;
  }
}
