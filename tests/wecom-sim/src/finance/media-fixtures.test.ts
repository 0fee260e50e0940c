import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';

/** Width and height from a baseline or progressive JPEG's SOF segment: the bytes are a picture, not noise. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.readUInt16BE(0) !== 0xffd8 || bytes.readUInt16BE(bytes.length - 2) !== 0xffd9) return undefined;
  for (let at = 2; at + 9 < bytes.length;) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xc0 || marker === 0xc2)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return undefined;
}

describe('media of the sandbox archive', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ customers: 300, msgauditNotifyIntervalMs: 0 });
  });
  afterAll(() => sim.close());

  async function download(msgtype: string): Promise<{ bytes: Buffer; content: Record<string, unknown> }> {
    const message = sim.state.chats.all().find((m) => m.msgtype === msgtype);
    if (!message) throw new Error(`no ${msgtype} in the demo archive`);
    const content = message.body[msgtype] as Record<string, unknown>;
    const chunks: Buffer[] = [];
    for (let indexbuf = '', finished = false; !finished;) {
      const reply = (await fetch(`${sim.url}/__finance/media`, {
        method: 'POST',
        body: JSON.stringify({
          sdkfileid: content.sdkfileid,
          indexbuf,
          corpid: sim.config.corpId,
          secret: sim.config.secrets.archive,
        }),
      }).then((r) => r.json())) as { errcode: number; data: string; outindexbuf: string; is_finish: number };
      expect(reply.errcode).toBe(0);
      chunks.push(Buffer.from(reply.data, 'base64'));
      indexbuf = reply.outindexbuf;
      finished = reply.is_finish === 1;
    }
    const bytes = Buffer.concat(chunks);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(content.md5sum);
    return { bytes, content };
  }

  it('serves seeded pictures as real JPEGs', async () => {
    const { bytes, content } = await download('image');
    expect(bytes.length).toBe(content.filesize);
    expect(jpegSize(bytes)?.width).toBeGreaterThan(100);
  });

  it('serves seeded voice as AMR-NB frames and video as an MP4 with a movie box', async () => {
    const voice = await download('voice');
    expect(voice.bytes.subarray(0, 6).toString('latin1')).toBe('#!AMR\n');
    expect(voice.bytes.length).toBeGreaterThan(1000);
    expect(voice.content.play_length).toBeGreaterThan(0);
    const video = await download('video');
    expect(video.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(video.bytes.includes(Buffer.from('moov'))).toBe(true);
    expect(video.bytes.includes(Buffer.from('avc1'))).toBe(true);
  });

  it('gives a picture sent through the chat scenario a real file too', async () => {
    const before = sim.state.chats.latestSeq();
    const follow = sim.state.customers.followsOfUser('LiNa')[0]!;
    sim.control.scenarios.chat({
      from: follow.external_userid,
      to: ['LiNa'],
      messages: [{ msgtype: 'image', body: {} }],
    });
    const sent = sim.state.chats.since(before)[0]!;
    expect(sent.mediaFixture).toBeDefined();
    expect(
      sim.state.chats.mediaBySdkFileId((sent.body.image as { sdkfileid: string }).sdkfileid)?.fixture,
    ).toBe(sent.mediaFixture);
  });
});
