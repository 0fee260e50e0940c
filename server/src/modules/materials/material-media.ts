import type {
  MediaFile,
  MediaType,
  MessageAttachment,
  UploadImageReply,
  UploadMediaReply,
} from '@keeper/bot';
import { ErrorCode } from '@keeper/shared';
import { AppError, notFound } from '../../http/app-error';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import type { MaterialEntity } from './material.entity';
import type { MaterialStore } from './material-store';
import type { MaterialsRepository } from './materials.repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A temporary media_id lives three days from its upload (protocol.md §13). */
const MEDIA_LIFETIME_MS = 3 * DAY_MS;
/** Uploaded again when it has less than this left: a campaign submitted now must not carry a dying id. */
const REFRESH_MARGIN_MS = DAY_MS;
/** How often the refresh job looks, well within the margin. */
const REFRESH_EVERY_MS = HOUR_MS;
/** One lease for every upload run, in every process: two processes never upload the same file at once. */
const LEASE = 'materials:media-upload';
const LEASE_MS = 60_000;
/** How long a campaign waits for another process's upload run before it gives up for now. */
const LEASE_WAIT_MS = 5 * 60_000;
const LEASE_POLL_MS = 250;

/** The WeCom calls this needs (the customer-contact app's client has them). */
export interface MediaUploader {
  uploadMedia(type: MediaType, file: MediaFile): Promise<UploadMediaReply>;
  uploadImage(file: MediaFile): Promise<UploadImageReply>;
}

/** The media type a material is uploaded as: a mini-program's cover is an image. */
const MEDIA_TYPE: Record<MaterialEntity['kind'], MediaType | null> = {
  image: 'image',
  miniprogram: 'image',
  video: 'video',
  file: 'file',
  link: null,
};

/**
 * Materials as WeCom attachments (`add_msg_template`, protocol.md §6.1). Keeper holds the files; WeCom's
 * media_ids last three days, so a material is uploaded when a campaign needs it and has no media_id or one that
 * runs out within a day, and a scheduled run uploads again what campaigns in progress still use. A link's cover
 * goes through media/uploadimg once: its URL is permanent. Time is `now` (the simulator's clock in tests).
 */
export class MaterialMedia {
  /** Upload runs of this process, one after another: the database lease is per process, not per caller. */
  private queue: Promise<unknown> = Promise.resolve();
  private refresher: CoalescingRunner | undefined;

  constructor(
    private readonly deps: {
      repository: MaterialsRepository;
      store: MaterialStore;
      /** Undefined when WeCom is not configured. */
      client: MediaUploader | undefined;
      locks: JobLocks;
      now: () => Date;
      logger: Logger;
    },
  ) {}

  /**
   * The attachments for these materials, in their order, uploading what needs it first. Deleted materials are
   * sent too (a campaign keeps what it was composed with; the content check refuses them before submission);
   * an unknown id is an error.
   */
  async attachmentsFor(materialIds: readonly (number | string)[]): Promise<MessageAttachment[]> {
    const ids = materialIds.map(Number);
    let rows = await this.load(ids);
    if (rows.some((row) => this.needsUpload(row))) {
      rows = await this.exclusively(true, async () => {
        const current = await this.load(ids);
        for (const row of current) if (this.needsUpload(row)) await this.upload(row);
        return current;
      });
    }
    return ids.map((id) => attachmentOf(rows.find((row) => row.id === id)!));
  }

  /**
   * Uploads again every material in use whose media runs out within a day (or was never uploaded). Another
   * process's run in progress is left to do it. Resolves with how many were uploaded; a failure is logged and
   * the others still go.
   */
  async refreshExpiring(inUseIds: readonly number[]): Promise<number> {
    if (!this.deps.client || inUseIds.length === 0) return 0;
    const due = (await this.deps.repository.findByIds(inUseIds)).filter((row) => this.needsUpload(row));
    if (due.length === 0) return 0;
    const uploaded = await this.exclusively(false, async () => {
      let count = 0;
      for (const row of await this.deps.repository.findByIds(inUseIds)) {
        if (!this.needsUpload(row)) continue;
        try {
          await this.upload(row);
          count += 1;
        } catch (error) {
          this.deps.logger.warn({ err: error, materialId: row.id }, 'material upload to WeCom failed');
        }
      }
      return count;
    });
    if (uploaded) this.deps.logger.info({ uploaded }, 'materials uploaded to WeCom again before expiry');
    return uploaded ?? 0;
  }

  /** Runs {@link refreshExpiring} every hour over the materials `inUse` names (campaigns not yet finished). */
  schedule(inUse: () => Promise<number[]>, intervalMs = REFRESH_EVERY_MS): void {
    this.refresher ??= new CoalescingRunner(
      async () => this.refreshExpiring(await inUse()),
      (error) => this.deps.logger.warn({ err: error }, 'material media refresh failed'),
    );
    this.refresher.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.refresher?.stop();
  }

  private async load(ids: readonly number[]): Promise<MaterialEntity[]> {
    const rows = await this.deps.repository.findByIds(ids.filter(Number.isInteger));
    const missing = ids.find((id) => !rows.some((row) => row.id === id));
    if (missing !== undefined) throw notFound(`Material ${missing}`);
    return rows;
  }

  private needsUpload(row: MaterialEntity): boolean {
    if (row.kind === 'link') return Boolean(row.storageKey) && !row.picUrl;
    if (!row.mediaId || !row.mediaExpiresAt) return true;
    return row.mediaExpiresAt.getTime() - this.deps.now().getTime() < REFRESH_MARGIN_MS;
  }

  /** Uploads the material's file and records what WeCom gave back, on `row` too. */
  private async upload(row: MaterialEntity): Promise<void> {
    const client = this.deps.client;
    if (!client)
      throw new AppError(ErrorCode.NotConfigured, 'WeCom is not configured: materials cannot be sent');
    if (!row.storageKey || !row.fileName) throw new Error(`material ${row.id} has no file to upload`);
    const file: MediaFile = {
      fileName: row.fileName,
      contentType: row.mimeType ?? 'application/octet-stream',
      data: await this.deps.store.read(row.storageKey),
    };
    const type = MEDIA_TYPE[row.kind];
    if (type === null) {
      const { url } = await client.uploadImage(file);
      await this.deps.repository.recordPicUrl(row.id, url);
      row.picUrl = url;
      return;
    }
    const reply = await client.uploadMedia(type, file);
    const createdAtMs = Number(reply.created_at) * 1000;
    const expiresAt = new Date(
      (Number.isFinite(createdAtMs) && createdAtMs > 0 ? createdAtMs : this.deps.now().getTime()) +
        MEDIA_LIFETIME_MS,
    );
    await this.deps.repository.recordMedia(row.id, reply.media_id, expiresAt);
    row.mediaId = reply.media_id;
    row.mediaExpiresAt = expiresAt;
  }

  /**
   * Runs `work` as this process's only upload run, under the database lease. `wait`: a campaign waits for
   * another process's run (which is probably uploading the same files); the refresh job does not.
   */
  private exclusively<T>(wait: true, work: () => Promise<T>): Promise<T>;
  private exclusively<T>(wait: false, work: () => Promise<T>): Promise<T | null>;
  private exclusively<T>(wait: boolean, work: () => Promise<T>): Promise<T | null> {
    const run = this.queue.then(() => this.underLease(wait, work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async underLease<T>(wait: boolean, work: () => Promise<T>): Promise<T | null> {
    const deadline = Date.now() + LEASE_WAIT_MS;
    for (;;) {
      const done = await this.deps.locks.runExclusive(LEASE, LEASE_MS, async () => ({ value: await work() }));
      if (done) return done.value;
      if (!wait) return null;
      if (Date.now() >= deadline) {
        throw new AppError(
          ErrorCode.WeComUnavailable,
          'Another Keeper process has been uploading materials to WeCom for minutes: try again later',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
    }
  }
}

/** A material as `add_msg_template` takes it (protocol.md §6.1). */
function attachmentOf(row: MaterialEntity): MessageAttachment {
  switch (row.kind) {
    case 'image':
      return { msgtype: 'image', image: { media_id: row.mediaId! } };
    case 'video':
      return { msgtype: 'video', video: { media_id: row.mediaId! } };
    case 'file':
      return { msgtype: 'file', file: { media_id: row.mediaId! } };
    case 'miniprogram':
      return {
        msgtype: 'miniprogram',
        miniprogram: {
          title: row.title,
          pic_media_id: row.mediaId!,
          appid: row.appId ?? '',
          page: row.page ?? '',
        },
      };
    case 'link':
      return {
        msgtype: 'link',
        link: {
          title: row.title,
          url: row.url ?? '',
          ...(row.picUrl ? { picurl: row.picUrl } : {}),
          ...(row.description ? { desc: row.description } : {}),
        },
      };
  }
}
