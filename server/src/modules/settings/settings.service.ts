import type { DataSource, Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

const RETENTION_DAYS = 'archive.retention_days';

/** Console-editable settings, read fresh each time (they change rarely and reads are cheap). */
export class SettingsService {
  private readonly settings: Repository<SettingEntity>;

  constructor(dataSource: DataSource) {
    this.settings = dataSource.getRepository(SettingEntity);
  }

  /** Days archived messages are kept; null keeps them forever. */
  async retentionDays(): Promise<number | null> {
    const row = await this.settings.findOneBy({ key: RETENTION_DAYS });
    return row ? Number(row.value) : null;
  }

  async setRetentionDays(days: number | null): Promise<void> {
    if (days === null) await this.settings.delete({ key: RETENTION_DAYS });
    else await this.settings.upsert({ key: RETENTION_DAYS, value: String(days) }, ['key']);
  }
}
