import fs from 'node:fs';
import { Role, type Material, type MaterialInput, type MaterialKind } from '@keeper/shared';
import type { MessageAttachment } from '@keeper/bot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { eventually, startKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../wecom-sim/fixtures/media/${name}`, import.meta.url));
const QUOTE = fixture('quote.jpg');
const DASHBOARD = fixture('dashboard.jpg');
const VIDEO = fixture('demo.mp4');
const PRICES = Buffer.from('版本,年费（元）\n标准版,9800\n专业版,29800\n', 'utf8');
const DAY_S = 86_400;

/** The media_id (or pic_url) an attachment carries. */
function mediaOf(attachment: MessageAttachment): string {
  switch (attachment.msgtype) {
    case 'image':
      return attachment.image.media_id ?? '';
    case 'video':
      return attachment.video.media_id;
    case 'file':
      return attachment.file.media_id;
    case 'miniprogram':
      return attachment.miniprogram.pic_media_id;
    case 'link':
      return attachment.link.picurl ?? '';
  }
}

/**
 * The materials library with the simulator as WeCom: Keeper uploads what a campaign needs once, WeCom takes the
 * attachments in add_msg_template, and media that would run out within a day are uploaded again as the
 * simulated clock moves (media_ids live three days, protocol.md §13).
 */
describe('materials as mass-message attachments', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db, { customers: 20 });
  });
  afterEach(async () => {
    await world.keeper.services.materialMedia.stop();
    await world.close();
  });
  afterAll(() => db.close());

  it('uploads each material once, WeCom takes them, and they are uploaded again before they run out', async () => {
    const marketer = await world.keeper.signIn([Role.Marketer], { username: 'luodan' });
    const add = async (
      kind: MaterialKind,
      title: string,
      extra: Partial<MaterialInput>,
      file?: { data: Buffer; name: string },
    ) => {
      const request = marketer.agent.post('/api/materials').set('X-CSRF-Token', marketer.csrfToken);
      const meta = { kind, title, description: null, url: null, appId: null, page: null, ...extra };
      const response = file
        ? await request.field('meta', JSON.stringify(meta)).attach('file', file.data, file.name)
        : await request.send(meta);
      expect(response.status, response.text).toBe(201);
      return Number((response.body as Material).id);
    };
    const ids = [
      await add('image', '专业版报价单', {}, { data: QUOTE, name: '专业版报价单.jpg' }),
      await add('video', '产品演示', {}, { data: VIDEO, name: '产品演示.mp4' }),
      await add('file', '价目表', {}, { data: PRICES, name: '2025 价目表.csv' }),
      await add(
        'link',
        '专业版介绍',
        { url: 'https://example.com/pro', description: '一站搞定' },
        { data: DASHBOARD, name: 'cover.jpg' },
      ),
      await add('link', '续费活动', { url: 'https://example.com/renew' }),
      await add(
        'miniprogram',
        '会员商城',
        { appId: 'wx8a2f7e1c3d4b5a69', page: 'pages/mall/index.html' },
        {
          data: QUOTE,
          name: 'mall.jpg',
        },
      ),
    ];
    const media = world.keeper.services.materialMedia;
    const contact = world.keeper.services.wecom.contact!;
    const customer = world.sim.control.scenarios.addContact({ userid: 'LiNa' }).external_userid;
    const send = (attachments: MessageAttachment[]) =>
      contact.addMessageTemplate({
        chat_type: 'single',
        sender: 'LiNa',
        external_userid: [customer],
        text: { content: '双十一会员日：专业版老客户续费八折' },
        attachments,
      });

    const first = await media.attachmentsFor(ids);
    expect(first).toEqual([
      { msgtype: 'image', image: { media_id: expect.any(String) } },
      { msgtype: 'video', video: { media_id: expect.any(String) } },
      { msgtype: 'file', file: { media_id: expect.any(String) } },
      {
        msgtype: 'link',
        link: {
          title: '专业版介绍',
          url: 'https://example.com/pro',
          desc: '一站搞定',
          picurl: expect.stringContaining(world.sim.url),
        },
      },
      { msgtype: 'link', link: { title: '续费活动', url: 'https://example.com/renew' } },
      {
        msgtype: 'miniprogram',
        miniprogram: {
          title: '会员商城',
          pic_media_id: expect.any(String),
          appid: 'wx8a2f7e1c3d4b5a69',
          page: 'pages/mall/index.html',
        },
      },
    ]);
    // WeCom holds the very bytes, under the file's own name; the cover's permanent URL serves the cover.
    const token = await contact.getAccessToken();
    const stored = await fetch(
      `${world.sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${mediaOf(first[2]!)}`,
    );
    expect(Buffer.from(await stored.arrayBuffer()).equals(PRICES)).toBe(true);
    expect(stored.headers.get('content-disposition')).toContain(encodeURIComponent('2025 价目表.csv'));
    expect(Buffer.from(await (await fetch(mediaOf(first[3]!))).arrayBuffer()).equals(DASHBOARD)).toBe(true);
    expect((await send(first)).msgid).toEqual(expect.any(String));

    // Asked again the same day: nothing is uploaded again.
    expect(await media.attachmentsFor(ids)).toEqual(first);
    const library = (await marketer.agent.get('/api/materials').expect(200)).body.items as Material[];
    const expiry = new Date((world.sim.clock.nowSec() + 3 * DAY_S) * 1000).toISOString().slice(0, 16);
    expect(library.filter((m) => m.mediaExpiresAt).map((m) => m.mediaExpiresAt!.slice(0, 16))).toEqual(
      Array(4).fill(expiry),
    );

    // Two days later less than a day is left: the temporary media go up again, the cover's URL stays.
    world.sim.control.advanceClock(2 * DAY_S + 60);
    const later = await media.attachmentsFor(ids);
    const changed = later.map((attachment, i) => mediaOf(attachment) !== mediaOf(first[i]!));
    expect(changed).toEqual([true, true, true, false, false, true]);
    expect((await send(later)).msgid).toEqual(expect.any(String));
    // A day on, the first uploads have run out in WeCom; the new ones have not.
    world.sim.control.advanceClock(DAY_S);
    await expect(send(first)).rejects.toMatchObject({ code: 40007 });
    expect((await send(later)).msgid).toEqual(expect.any(String));

    // The scheduled refresh uploads what campaigns still use before it runs out, without a campaign asking.
    world.sim.control.advanceClock(DAY_S + 60);
    const expiries = async () =>
      ((await marketer.agent.get('/api/materials').expect(200)).body.items as Material[])
        .filter((m) => ids.slice(0, 2).includes(Number(m.id)))
        .map((m) => m.mediaExpiresAt);
    const before = await expiries();
    media.schedule(async () => ids.slice(0, 2), 50);
    await eventually(async () => (await expiries()).every((at, i) => at !== before[i]));
    const refreshed = await media.attachmentsFor(ids.slice(0, 2));
    expect(refreshed.map((attachment, i) => mediaOf(attachment) !== mediaOf(later[i]!))).toEqual([
      true,
      true,
    ]);
    expect((await send(refreshed)).msgid).toEqual(expect.any(String));
  });
});
