import type { BroadcastSettings, ReceiveRule } from '@keeper/shared';
import { In, type DataSource, type Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

const RETENTION_DAYS = 'archive.retention_days';
const RECEIVE_RULE = 'broadcast.receive_rule';
const APPROVAL_REQUIRED = 'broadcast.approval_required';

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

  /**
   * The corp's mass-message receive rule as its admin set it in WeCom (no API reads it; WeCom's default is as many
   * a month as the month has days), and whether campaigns wait for a manager's approval.
   */
  async broadcastSettings(): Promise<BroadcastSettings> {
    const rows = await this.settings.findBy({ key: In([RECEIVE_RULE, APPROVAL_REQUIRED]) });
    const value = (key: string) => rows.find((row) => row.key === key)?.value;
    return {
      receiveRule: (value(RECEIVE_RULE) as ReceiveRule | undefined) ?? 'month',
      approvalRequired: value(APPROVAL_REQUIRED) === 'true',
    };
  }

  async setBroadcastSettings(settings: BroadcastSettings): Promise<void> {
    await this.settings.upsert(
      [
        { key: RECEIVE_RULE, value: settings.receiveRule },
        { key: APPROVAL_REQUIRED, value: String(settings.approvalRequired) },
      ],
      ['key'],
    );
  }
}
