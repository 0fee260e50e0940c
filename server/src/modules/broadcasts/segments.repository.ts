import type { AudienceFilter } from '@keeper/shared';
import type { DataSource, Repository } from 'typeorm';
import { SegmentEntity } from './broadcast.entity';

export interface SegmentValues {
  name: string;
  description: string | null;
  filter: AudienceFilter;
  lastCount: number;
}

/** Saved audiences (客户分群). Few per corp: scope is judged in the service over the whole list. */
export class SegmentsRepository {
  private readonly segments: Repository<SegmentEntity>;

  constructor(dataSource: DataSource) {
    this.segments = dataSource.getRepository(SegmentEntity);
  }

  list(): Promise<SegmentEntity[]> {
    return this.segments.find({ order: { updatedAt: 'DESC', id: 'DESC' } });
  }

  find(id: number): Promise<SegmentEntity | null> {
    return this.segments.findOneBy({ id });
  }

  async insert(
    values: SegmentValues & { scopeDepartments: string[] | null; createdBy: string },
  ): Promise<number> {
    const { identifiers } = await this.segments.insert(values);
    return Number(identifiers[0]!.id);
  }

  async update(id: number, values: SegmentValues): Promise<void> {
    await this.segments.update(id, values);
  }

  async remove(id: number): Promise<void> {
    await this.segments.delete(id);
  }
}
