import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaFile, MediaType, UploadImageReply, UploadMediaReply } from '@keeper/bot';
import type { MaterialInput } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobLocks } from '../../jobs/job-lock';
import { createLogger } from '../../logger';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { MaterialMedia, type MediaUploader } from './material-media';
import { MaterialStore } from './material-store';
import { MaterialsRepository } from './materials.repository';
import { MaterialsService } from './materials.service';

const QUOTE = fs.readFileSync(
  new URL('../../../../tests/wecom-sim/fixtures/media/quote.jpg', import.meta.url),
);
const HOUR = 3_600_000;
const logger = createLogger({ logLevel: 'silent', env: 'test' });

/** WeCom's upload APIs, slow enough that callers overlap, counting what was uploaded. */
class FakeWeCom implements MediaUploader {
  readonly uploads: { type: MediaType | 'uploadimg'; fileName: string; bytes: number }[] = [];

  constructor(private readonly clock: { nowMs: number }) {}

  async uploadMedia(type: MediaType, file: MediaFile): Promise<UploadMediaReply> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.uploads.push({ type, fileName: file.fileName, bytes: file.data.byteLength });
    return {
      errcode: 0,
      errmsg: 'ok',
      type,
      media_id: `media-${this.uploads.length}`,
      created_at: String(Math.floor(this.clock.nowMs / 1000)),
    };
  }

  async uploadImage(file: MediaFile): Promise<UploadImageReply> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.uploads.push({ type: 'uploadimg', fileName: file.fileName, bytes: file.data.byteLength });
    return { errcode: 0, errmsg: 'ok', url: `https://wework.qpic.cn/${this.uploads.length}.jpg` };
  }
}

const input = (
  kind: MaterialInput['kind'],
  title: string,
  extra: Partial<MaterialInput> = {},
): MaterialInput => ({
  kind,
  title,
  description: null,
  url: null,
  appId: null,
  page: null,
  ...extra,
});

describe(MaterialMedia.name, () => {
  let db: TestDatabase;
  let clock: { nowMs: number };
  let wecom: FakeWeCom;
  let repository: MaterialsRepository;
  let store: MaterialStore;
  let materials: MaterialsService;

  /** One Keeper process: its own lease holder, sharing the database, the files and WeCom with the others. */
  const process = (client: MediaUploader | null = wecom) =>
    new MaterialMedia({
      repository,
      store,
      client: client ?? undefined,
      locks: new JobLocks(db.dataSource),
      now: () => new Date(clock.nowMs),
      logger,
    });
  const add = async (kind: MaterialInput['kind'], title: string, extra: Partial<MaterialInput> = {}) =>
    Number(
      (
        await materials.create(
          input(kind, title, extra),
          { fileName: `${title}.jpg`, mimeType: 'image/jpeg', data: QUOTE },
          '罗丹',
        )
      ).id,
    );

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    clock = { nowMs: Date.parse('2026-11-24T02:00:00Z') };
    wecom = new FakeWeCom(clock);
    repository = new MaterialsRepository(db.dataSource);
    store = new MaterialStore(fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-material-media-')));
    materials = new MaterialsService({ repository, store, now: () => new Date(clock.nowMs) });
  });
  afterAll(() => db.close());

  it('uploads a material once when two processes and two callers ask for it at the same moment', async () => {
    const id = await add('image', '报价单');
    const [first, second] = [process(), process()];
    const answers = await Promise.all([
      first.attachmentsFor([id]),
      first.attachmentsFor([id]),
      second.attachmentsFor([id]),
      second.attachmentsFor([String(id)]),
    ]);
    expect(wecom.uploads).toEqual([{ type: 'image', fileName: '报价单.jpg', bytes: QUOTE.length }]);
    for (const answer of answers)
      expect(answer).toEqual([{ msgtype: 'image', image: { media_id: 'media-1' } }]);
    expect((await materials.get(String(id))).mediaExpiresAt).toBe('2026-11-27T02:00:00.000Z');
  });

  it('uploads again only what runs out within a day, and a link cover never again', async () => {
    const image = await add('image', '海报');
    const link = await add('link', '活动', { url: 'https://example.com/a', description: '八折' });
    const sut = process();
    expect(await sut.attachmentsFor([link, image])).toEqual([
      {
        msgtype: 'link',
        link: {
          title: '活动',
          url: 'https://example.com/a',
          picurl: 'https://wework.qpic.cn/2.jpg',
          desc: '八折',
        },
      },
      { msgtype: 'image', image: { media_id: 'media-1' } },
    ]);

    clock.nowMs += 47 * HOUR; // 25 h left: still good
    expect(await sut.refreshExpiring([image, link])).toBe(0);
    await sut.attachmentsFor([image, link]);
    expect(wecom.uploads).toHaveLength(2);

    clock.nowMs += 2 * HOUR; // 23 h left: uploaded again
    expect(await sut.refreshExpiring([image, link])).toBe(1);
    expect(wecom.uploads.map((each) => each.type)).toEqual(['image', 'uploadimg', 'image']);
    expect(await sut.attachmentsFor([image])).toEqual([{ msgtype: 'image', image: { media_id: 'media-3' } }]);
    expect(wecom.uploads).toHaveLength(3);
  });

  it('leaves the refresh to another process that is already uploading', async () => {
    const id = await add('image', '海报');
    const [busy, idle] = [process(), process()];
    const sending = busy.attachmentsFor([id]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await idle.refreshExpiring([id])).toBe(0);
    await sending;
    expect(wecom.uploads).toHaveLength(1);
  });

  it('names an unknown material, and says WeCom is not configured when it would have to upload', async () => {
    const id = await add('image', '海报');
    await expect(process().attachmentsFor([id, 999])).rejects.toMatchObject({ code: 'not_found' });
    await expect(process(null).attachmentsFor([id])).rejects.toMatchObject({ code: 'not_configured' });
    expect(await process(null).refreshExpiring([id])).toBe(0);
  });
});
