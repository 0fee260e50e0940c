import fs from 'node:fs';
import path from 'node:path';
import { Role, type Material, type MaterialInput } from '@keeper/shared';
import type { Response } from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';

/** The real pictures and video the simulator's chats show. */
const fixture = (name: string) =>
  fs.readFileSync(new URL(`../../../../tests/wecom-sim/fixtures/media/${name}`, import.meta.url));
const QUOTE = fixture('quote.jpg');
const DASHBOARD = fixture('dashboard.jpg');
const VIDEO = fixture('demo.mp4');
const MB = 1024 * 1024;

const meta = (input: Partial<MaterialInput> & Pick<MaterialInput, 'kind' | 'title'>) =>
  JSON.stringify({ description: null, url: null, appId: null, page: null, ...input });

describe('materials library API (素材库)', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let marketer: Awaited<ReturnType<TestApp['signIn']>>;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    sut = createTestApp(db);
    marketer = await sut.signIn([Role.Marketer], { username: 'luodan' });
  });
  afterAll(() => db.close());

  const upload = (metaJson: string, file?: { data: Buffer; name: string; type?: string }) => {
    const request = marketer.agent
      .post('/api/materials')
      .set('X-CSRF-Token', marketer.csrfToken)
      .field('meta', metaJson);
    return file
      ? request.attach('file', file.data, { filename: file.name, contentType: file.type ?? '' })
      : request;
  };
  const postJson = (body: object) =>
    marketer.agent.post('/api/materials').set('X-CSRF-Token', marketer.csrfToken).send(body);
  const list = (query: Record<string, string | number> = {}) =>
    marketer.agent.get('/api/materials').query(query).expect(200);
  /** Every file the library keeps on disk. */
  const storedFiles = () =>
    fs.existsSync(sut.config.materials.dir)
      ? (fs.readdirSync(sut.config.materials.dir, { recursive: true }) as string[]).filter((entry) =>
          fs.statSync(path.join(sut.config.materials.dir, entry)).isFile(),
        )
      : [];
  const rows = async () => Number((await db.dataSource.query('SELECT COUNT(*) AS n FROM materials'))[0].n);

  it('adds each kind of material and serves its file back byte for byte', async () => {
    const image = await upload(meta({ kind: 'image', title: '专业版报价单', description: '发给询价客户' }), {
      data: QUOTE,
      name: '报价单.jpg',
      type: 'image/jpeg',
    }).expect(201);
    expect(image.body).toEqual({
      id: expect.any(String),
      kind: 'image',
      title: '专业版报价单',
      description: '发给询价客户',
      url: null,
      appId: null,
      page: null,
      fileName: '报价单.jpg',
      fileSize: QUOTE.length,
      mimeType: 'image/jpeg',
      previewUrl: `/api/materials/${(image.body as Material).id}/file`,
      mediaExpiresAt: null,
      createdBy: 'luodan',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const video = await upload(meta({ kind: 'video', title: '产品演示' }), {
      data: VIDEO,
      name: 'demo.mp4',
    }).expect(201);
    const sheet = Buffer.from('版本,年费\n标准版,9800\n', 'utf8');
    const file = await upload(meta({ kind: 'file', title: '价目表' }), {
      data: sheet,
      name: '价目表.csv',
    }).expect(201);
    const coveredLink = await upload(
      meta({ kind: 'link', title: '专业版介绍', description: '一站搞定', url: 'https://example.com/pro' }),
      { data: DASHBOARD, name: 'cover.jpg' },
    ).expect(201);
    const bareLink = await postJson({
      kind: 'link',
      title: '续费活动',
      url: 'https://example.com/renew',
    }).expect(201);
    const miniprogram = await upload(
      meta({ kind: 'miniprogram', title: '会员商城', appId: 'wx1234567890abcdef', page: 'pages/index.html' }),
      { data: QUOTE, name: '商城封面.jpg' },
    ).expect(201);

    expect(bareLink.body).toMatchObject({
      kind: 'link',
      url: 'https://example.com/renew',
      previewUrl: null,
      fileName: null,
    });
    expect(coveredLink.body).toMatchObject({ url: 'https://example.com/pro', mimeType: 'image/jpeg' });
    expect(miniprogram.body).toMatchObject({
      appId: 'wx1234567890abcdef',
      page: 'pages/index.html',
      url: null,
    });

    for (const [created, bytes, type] of [
      [image, QUOTE, 'image/jpeg'],
      [video, VIDEO, 'video/mp4'],
      [file, sheet, 'text/csv; charset=utf-8'],
      [coveredLink, DASHBOARD, 'image/jpeg'],
    ] as const) {
      const served = await fetchFile((created.body as Material).id).expect(200);
      expect(Buffer.compare(served.body as Buffer, bytes)).toBe(0);
      expect(served.headers['content-type']).toBe(type);
      expect(served.headers['content-disposition']).toBe(
        `inline; filename*=UTF-8''${encodeURIComponent((created.body as Material).fileName!)}`,
      );
      expect(served.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    }
    await fetchFile((bareLink.body as Material).id).expect(404);
    // The cover of the mini-program is the quote picture again: kept once on disk.
    expect(storedFiles()).toHaveLength(4);
  });

  it('serves a page or script someone uploaded as a file as bytes to download, never as a page', async () => {
    const page = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const created = await upload(meta({ kind: 'file', title: '活动页' }), {
      data: page,
      name: 'landing.html',
      type: 'text/html',
    }).expect(201);
    const served = await fetchFile((created.body as Material).id).expect(200);
    expect(served.headers['content-type']).toBe('application/octet-stream');
    expect(served.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
  });

  it('refuses a file that does not fit the kind, saying why, and stores nothing', async () => {
    const refusals: [Response, string, string][] = [];
    const refuse = async (request: ReturnType<typeof upload>, field: string, message: string) =>
      refusals.push([await request.expect(400), field, message]);

    await refuse(
      upload(meta({ kind: 'image', title: '视频当图片' }), { data: VIDEO, name: 'demo.mp4' }),
      'file',
      'An image must be a JPG or PNG image',
    );
    await refuse(
      upload(meta({ kind: 'image', title: '改了名的视频' }), { data: VIDEO, name: 'demo.png' }),
      'file',
      "An image must be a JPG or PNG image: this file's content is not",
    );
    await refuse(
      upload(meta({ kind: 'image', title: '太大' }), {
        data: Buffer.concat([QUOTE, Buffer.alloc(10 * MB)]),
        name: 'big.jpg',
      }),
      'file',
      'An image may be at most 10 MB',
    );
    await refuse(
      upload(meta({ kind: 'video', title: '图片当视频' }), { data: QUOTE, name: 'quote.jpg' }),
      'file',
      'A video must be an MP4 video',
    );
    await refuse(
      upload(meta({ kind: 'file', title: '空文件' }), { data: Buffer.from('abc'), name: 'a.txt' }),
      'file',
      'WeCom refuses files of 5 bytes or fewer',
    );
    await refuse(upload(meta({ kind: 'image', title: '没有文件' })), 'file', 'An image needs its file');
    await refuse(
      upload(meta({ kind: 'link', title: '大封面', url: 'https://example.com' }), {
        data: Buffer.concat([QUOTE, Buffer.alloc(2 * MB)]),
        name: 'cover.jpg',
      }),
      'file',
      'A link cover may be at most 2 MB',
    );
    await refuse(postJson({ kind: 'link', title: '没有网址' }), 'url', 'A link needs its URL');
    await refuse(
      postJson({ kind: 'link', title: '标题'.repeat(22), url: 'https://example.com' }),
      'title',
      'WeCom takes at most 128 bytes here (a Chinese character counts 3)',
    );
    await refuse(
      upload(meta({ kind: 'miniprogram', title: '商城', appId: 'wx1' }), { data: QUOTE, name: 'c.jpg' }),
      'page',
      'A mini-program needs the page it opens',
    );
    await refuse(
      postJson({ kind: 'miniprogram', title: '商城', appId: 'wx1', page: 'pages/index.html' }),
      'file',
      'A mini-program needs a cover image',
    );

    for (const [response, field, message] of refusals) {
      expect(response.body).toMatchObject({ code: 'validation_failed', issues: [{ path: field, message }] });
    }
    // Beyond WeCom's largest (a 20 MB file) the upload is cut off and refused as too large.
    const huge = await upload(meta({ kind: 'file', title: '超大' }), {
      data: Buffer.alloc(20 * MB + 1, 1),
      name: 'x.zip',
    }).expect(413);
    expect(huge.body).toMatchObject({ code: 'payload_too_large' });
    expect(await rows()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it('lists the library newest first, by kind and by words in title or description, page by page', async () => {
    await upload(meta({ kind: 'image', title: '报价单', description: '专业版' }), {
      data: QUOTE,
      name: 'q.jpg',
    }).expect(201);
    await upload(meta({ kind: 'image', title: '数据看板' }), { data: DASHBOARD, name: 'd.jpg' }).expect(201);
    await postJson({ kind: 'link', title: '专业版介绍', url: 'https://example.com/pro' }).expect(201);

    const all = await list();
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect((all.body.items as Material[]).map((m) => m.title)).toEqual(['专业版介绍', '数据看板', '报价单']);
    expect(((await list({ kind: 'image' })).body.items as Material[]).map((m) => m.title)).toEqual([
      '数据看板',
      '报价单',
    ]);
    expect(((await list({ q: '专业版' })).body.items as Material[]).map((m) => m.title)).toEqual([
      '专业版介绍',
      '报价单',
    ]);
    expect((await list({ q: '100%' })).body.items as Material[]).toEqual([]);
    const second = await list({ pageSize: 2, page: 2 });
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect((second.body.items as Material[]).map((m) => m.title)).toEqual(['报价单']);
  });

  it('edits what is shown but keeps the kind and the file', async () => {
    const created = (
      await postJson({ kind: 'link', title: '活动', url: 'https://example.com/a' }).expect(201)
    ).body as Material;
    const edited = await marketer.agent
      .put(`/api/materials/${created.id}`)
      .set('X-CSRF-Token', marketer.csrfToken)
      .send({ kind: 'link', title: '双十一活动', description: '全场八折', url: 'https://example.com/1111' })
      .expect(200);
    expect(edited.body).toMatchObject({
      id: created.id,
      title: '双十一活动',
      description: '全场八折',
      url: 'https://example.com/1111',
    });
    const changedKind = await marketer.agent
      .put(`/api/materials/${created.id}`)
      .set('X-CSRF-Token', marketer.csrfToken)
      .send({ kind: 'image', title: '双十一活动' })
      .expect(400);
    expect(changedKind.body).toMatchObject({ code: 'validation_failed', issues: [{ path: 'kind' }] });
  });

  it('hides a deleted material from the library; campaigns that used it still show its file', async () => {
    const kept = (
      await upload(meta({ kind: 'image', title: '保留' }), { data: QUOTE, name: 'q.jpg' }).expect(201)
    ).body as Material;
    const gone = (
      await upload(meta({ kind: 'image', title: '删除' }), { data: DASHBOARD, name: 'd.jpg' }).expect(201)
    ).body as Material;
    const remove = (id: string) =>
      marketer.agent.delete(`/api/materials/${id}`).set('X-CSRF-Token', marketer.csrfToken);
    await remove(gone.id).expect(204);
    expect(((await list()).body.items as Material[]).map((m) => m.id)).toEqual([kept.id]);
    await remove(gone.id).expect(404);
    await marketer.agent
      .put(`/api/materials/${gone.id}`)
      .set('X-CSRF-Token', marketer.csrfToken)
      .send({ kind: 'image', title: '复活' })
      .expect(404);
    const served = await fetchFile(gone.id).expect(200);
    expect(Buffer.compare(served.body as Buffer, DASHBOARD)).toBe(0);
    await remove('999').expect(404);
  });

  it('is for those who send campaigns: staff without broadcasts.send see and change nothing', async () => {
    const staff = await sut.signIn([Role.Staff, Role.Auditor], { username: 'staff' });
    await staff.agent.get('/api/materials').expect(403);
    await staff.agent
      .post('/api/materials')
      .set('X-CSRF-Token', staff.csrfToken)
      .send({ kind: 'link', title: '活动', url: 'https://example.com' })
      .expect(403);
    expect(await rows()).toBe(0);
  });

  function fetchFile(id: string) {
    return marketer.agent
      .get(`/api/materials/${id}/file`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }
});
