import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FinanceSdkClient } from '@keeper/bot';
import { ErrorCode } from '@keeper/shared';
import { LessThan, type DataSource, type Repository } from 'typeorm';
import { AppError, notFound } from '../../http/app-error';
import type { Logger } from '../../logger';
import { ArchiveMediaEntity } from './archive.entity';

const CONTENT_TYPES: Record<string, string> = {
  image: 'image/jpeg',
  voice: 'audio/amr',
  video: 'video/mp4',
  emotion: 'image/gif',
};

/**
 * Media of archived messages, fetched from WeCom on first view (GetMediaData in chunks) and kept on disk.
 * When the store outgrows its cap, the least recently fetched files go first; they can be fetched again.
 */
export class ArchiveMediaService {
  private readonly media: Repository<ArchiveMediaEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sdk: FinanceSdkClient | undefined,
    private readonly options: { directory: string; maxFileBytes: number; maxStoreBytes: number },
    private readonly logger: Logger,
  ) {
    this.media = dataSource.getRepository(ArchiveMediaEntity);
  }

  contentTypeOf(msgtype: string): string {
    return CONTENT_TYPES[msgtype] ?? 'application/octet-stream';
  }

  /** The file's path on disk, fetching it first when Keeper does not have it yet. */
  async file(sdkFileId: string, messageTime: Date): Promise<string> {
    const fileKey = createHash('sha256').update(sdkFileId).digest('hex');
    const known = await this.media.findOneBy({ fileKey });
    if (known) {
      const stored = path.join(this.options.directory, known.relativePath);
      if (fs.existsSync(stored)) return stored;
      await this.media.delete({ fileKey });
    }
    if (!this.sdk) throw new AppError(ErrorCode.NotConfigured, 'The chat archive is not configured');
    if (!sdkFileId) throw notFound('Media');
    const relativePath = path.join(messageTime.toISOString().slice(0, 7), fileKey);
    const target = path.join(this.options.directory, relativePath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.part`;
    const out = fs.createWriteStream(partial);
    try {
      await this.sdk.getMedia(sdkFileId, {
        maxBytes: this.options.maxFileBytes,
        onChunk: (chunk) => out.write(chunk),
      });
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      fs.renameSync(partial, target);
    } catch (error) {
      out.destroy();
      fs.rmSync(partial, { force: true });
      throw new AppError(ErrorCode.WeComUnavailable, 'Could not fetch the media from WeCom', {
        hint: error instanceof Error ? error.message : undefined,
      });
    }
    const size = fs.statSync(target).size;
    await this.media.upsert({ fileKey, relativePath, size, fetchedAt: new Date(), messageTime }, ['fileKey']);
    await this.enforceCap().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'media store clean-up failed'),
    );
    return target;
  }

  /** Removes the media of messages older than `cutoff` (the retention policy). */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    const old = await this.media.find({ where: { messageTime: LessThan(cutoff) } });
    for (const entry of old)
      fs.rmSync(path.join(this.options.directory, entry.relativePath), { force: true });
    if (old.length) await this.media.delete({ messageTime: LessThan(cutoff) });
    return old.length;
  }

  private async enforceCap(): Promise<void> {
    const [row] = (await this.dataSource.query(
      'SELECT COALESCE(SUM(size), 0) AS total FROM archive_media',
    )) as { total: string | number }[];
    let excess = Number(row?.total ?? 0) - this.options.maxStoreBytes;
    if (excess <= 0) return;
    for (const entry of await this.media.find({ order: { fetchedAt: 'ASC' }, take: 1000 })) {
      if (excess <= 0) break;
      fs.rmSync(path.join(this.options.directory, entry.relativePath), { force: true });
      await this.media.delete({ fileKey: entry.fileKey });
      excess -= Number(entry.size);
    }
  }
}
