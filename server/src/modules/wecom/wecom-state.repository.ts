import type { DataSource, Repository } from 'typeorm';
import { WeComStateEntity } from './wecom-state.entity';

export const WeComStateKey = {
  /** When WeCom last verified the callback URL (the GET with echostr) successfully. */
  CallbackVerifiedAt: 'callback_verified_at',
  /** When the last valid POST callback arrived. */
  CallbackReceivedAt: 'callback_received_at',
} as const;
export type WeComStateKey = (typeof WeComStateKey)[keyof typeof WeComStateKey];

export class WeComStateRepository {
  private readonly rows: Repository<WeComStateEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(WeComStateEntity);
  }

  async get(key: WeComStateKey): Promise<string | null> {
    return (await this.rows.findOneBy({ key }))?.value ?? null;
  }

  async set(key: WeComStateKey, value: string): Promise<void> {
    await this.rows.upsert({ key, value, updatedAt: new Date() }, ['key']);
  }
}
