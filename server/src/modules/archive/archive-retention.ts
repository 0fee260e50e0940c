import type { DataSource } from 'typeorm';
import { dialectOf, rawDateTime } from '../../db/sql';
import type { Logger } from '../../logger';
import type { SettingsService } from '../settings/settings.service';
import type { ArchiveMediaService } from './archive-media.service';

const BATCH = 5_000;
const DAY_MS = 86_400_000;

/**
 * The retention policy: archived messages (and their media) older than the configured number of days are
 * deleted in small batches. Violations keep their excerpt, so the audit record outlives the chat.
 */
export class ArchiveRetention {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly media: ArchiveMediaService,
    private readonly logger: Logger,
  ) {}

  schedule(intervalMs = 6 * 3_600_000): void {
    this.timer = setInterval(
      () =>
        void this.purge().catch((error: unknown) =>
          this.logger.warn({ err: error }, 'retention purge failed'),
        ),
      intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Deletes what the policy says has expired; returns how many messages went. */
  async purge(now = new Date()): Promise<number> {
    const days = await this.settings.retentionDays();
    if (days === null) return 0;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let purged = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        'SELECT id, conversation_id FROM archive_messages WHERE msgtime < ? ORDER BY msgtime LIMIT ?',
        [rawDateTime(dialectOf(this.dataSource), cutoff), BATCH],
      )) as { id: string | number; conversation_id: string | number }[];
      if (rows.length === 0) break;
      const ids = rows.map((row) => String(row.id));
      const conversations = [...new Set(rows.map((row) => String(row.conversation_id)))];
      await this.dataSource.transaction(async (manager) => {
        const marks = ids.map(() => '?').join(',');
        await manager.query(`DELETE FROM archive_message_contents WHERE message_id IN (${marks})`, ids);
        await manager.query(`DELETE FROM archive_messages WHERE id IN (${marks})`, ids);
        for (const id of conversations) {
          await manager.query(
            'UPDATE archive_conversations SET message_count = (SELECT COUNT(*) FROM archive_messages m WHERE m.conversation_id = ?) WHERE id = ?',
            [id, id],
          );
        }
      });
      purged += rows.length;
    }
    const media = await this.media.purgeOlderThan(cutoff);
    if (purged || media) this.logger.info({ purged, media, days }, 'archive retention purge');
    return purged;
  }
}
