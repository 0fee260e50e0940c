import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

/** A PNG's first bytes and some more: the simulator checks size and name, not pixels. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);

describe('media uploads (protocol.md §13)', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 0, msgauditNotifyIntervalMs: 0 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  async function upload(path: string, name: string, bytes: Buffer, part = 'media') {
    const form = new FormData();
    form.append(part, new Blob([bytes], { type: 'image/png' }), name);
    const token = await api.token();
    const response = await fetch(`${sim.url}/cgi-bin/${path}&access_token=${token}`, {
      method: 'POST',
      body: form,
    });
    return (await response.json()) as Record<string, unknown>;
  }

  it('gives a media_id for three days, serves the file, and a mass message takes it', async () => {
    const uploaded = await upload('media/upload?type=image', '新品.png', PNG);
    expect(uploaded).toMatchObject({ errcode: 0, type: 'image', media_id: expect.any(String) });
    const token = await api.token();
    const file = await fetch(
      `${sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${String(uploaded.media_id)}`,
    );
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('新品.png'));

    const customer = sim.control.scenarios.addContact({ userid: 'LiNa' }).external_userid;
    const send = (attachments: unknown[]) =>
      api.post('externalcontact/add_msg_template', {
        sender: 'LiNa',
        external_userid: [customer],
        attachments,
      });
    const image = { msgtype: 'image', image: { media_id: uploaded.media_id } };
    expect((await send([image])).errcode).toBe(0);
    expect((await send([{ msgtype: 'file', file: { media_id: uploaded.media_id } }])).errcode).toBe(40007);
    sim.control.advanceClock(3 * 86_400);
    expect((await send([image])).errcode).toBe(40007);
    const expired = await fetch(
      `${sim.url}/cgi-bin/media/get?access_token=${await api.token()}&media_id=${String(uploaded.media_id)}`,
    );
    expect(await expired.json()).toMatchObject({ errcode: 40007 });
  });

  it('gives uploadimg images a permanent URL that a mass message takes as pic_url, and no other', async () => {
    const uploaded = await upload('media/uploadimg?', '海报.png', PNG);
    expect(uploaded).toMatchObject({ errcode: 0, url: expect.stringContaining(sim.url) });
    expect(Buffer.from(await (await fetch(String(uploaded.url))).arrayBuffer())).toEqual(PNG);
    const customer = sim.control.scenarios.addContact({ userid: 'LiNa' }).external_userid;
    const send = (picUrl: string) =>
      api.post('externalcontact/add_msg_template', {
        sender: 'LiNa',
        external_userid: [customer],
        attachments: [{ msgtype: 'image', image: { pic_url: picUrl } }],
      });
    expect((await send(String(uploaded.url))).errcode).toBe(0);
    expect((await send('https://example.com/a.png')).errcode).toBe(40058);
  });

  it('refuses what WeCom refuses: a wrong format, an empty file, no media part, an unknown type', async () => {
    expect((await upload('media/upload?type=image', 'a.gif', PNG)).errcode).toBe(40123);
    expect((await upload('media/upload?type=file', 'a.txt', Buffer.from('abc'))).errcode).toBe(44001);
    expect((await upload('media/upload?type=file', 'a.txt', PNG, 'other')).errcode).toBe(41006);
    expect((await upload('media/upload?type=sticker', 'a.png', PNG)).errcode).toBe(40004);
  });
});
