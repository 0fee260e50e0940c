import { constants, createHash, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { decryptChatMessage } from './double-cipher.js';

interface ChatItem {
  seq: number;
  msgid: string;
  publickey_ver: number;
  encrypt_random_key: string;
  encrypt_chat_msg: string;
}

interface ChatDataReply {
  errcode: number;
  errmsg: string;
  chatdata?: ChatItem[];
}

function keyPair(): { publicPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

/** RSA without padding, then the PKCS#1 v1.5 type-2 block stripped (Node 20 refuses PKCS1 private decryption). */
function decryptRandomKey(privateKey: KeyObject, b64: string): string {
  const block = privateDecrypt(
    { key: privateKey, padding: constants.RSA_NO_PADDING },
    Buffer.from(b64, 'base64'),
  );
  expect([block[0], block[1]]).toEqual([0, 2]);
  return block.subarray(block.indexOf(0, 2) + 1).toString('latin1');
}

describe('Finance SDK endpoints (/__finance)', () => {
  const v1 = keyPair();
  const v2 = keyPair();
  let sim: RunningSimulator;

  async function post<T>(path: string, body: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${sim.url}/__finance/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  function chatData(body: Record<string, unknown>): Promise<ChatDataReply> {
    return post('chatdata', {
      corpid: sim.config.corpId,
      secret: sim.config.secrets.archive,
      limit: 1000,
      ...body,
    });
  }

  beforeAll(async () => {
    sim = await startSimulator({
      customers: 50,
      msgauditNotifyIntervalMs: 0,
      archive: { publicKeys: { 1: v1.publicPem }, currentKeyVersion: 1 },
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.faults.clear());

  it('serves messages after a seq, RSA-encrypted with the current key, exactly as archived', async () => {
    const before = sim.state.chats.latestSeq();
    const follow = sim.state.customers.followsOfUser('LiNa')[0];
    if (!follow) throw new Error('LiNa has no customers');
    sim.control.scenarios.chat({
      from: 'LiNa',
      to: [follow.external_userid],
      messages: [
        { msgtype: 'text', content: '您好，报价单已发您邮箱' },
        { msgtype: 'image', body: {} },
      ],
    });
    const reply = await chatData({ seq: before, limit: 10 });
    expect(reply).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const items = reply.chatdata ?? [];
    expect(items.map((i) => [i.seq, i.publickey_ver])).toEqual([
      [before + 1, 1],
      [before + 2, 1],
    ]);
    const plain = items.map((i) =>
      JSON.parse(
        decryptChatMessage(decryptRandomKey(v1.privateKey, i.encrypt_random_key), i.encrypt_chat_msg),
      ),
    );
    expect(plain).toEqual(sim.control.archivedMessages(before, 10).map((m) => m.message));
    expect(plain[0]).toMatchObject({
      action: 'send',
      from: 'LiNa',
      tolist: [follow.external_userid],
      roomid: '',
      msgtype: 'text',
      text: { content: '您好，报价单已发您邮箱' },
    });
    expect(plain[1].image).toEqual({
      sdkfileid: expect.any(String),
      md5sum: expect.stringMatching(/^[0-9a-f]{32}$/),
      filesize: expect.any(Number),
    });
  });

  it('keeps each message on the key version current when it was archived', async () => {
    const before = sim.state.chats.latestSeq();
    const follow = sim.state.customers.followsOfUser('LiNa')[0];
    if (!follow) throw new Error('LiNa has no customers');
    const send = () =>
      sim.control.scenarios.chat({
        from: 'LiNa',
        to: [follow.external_userid],
        messages: [{ msgtype: 'text', content: 'x' }],
      });
    send();
    expect(sim.control.setArchiveKeys({ publicKeys: { 2: v2.publicPem }, currentKeyVersion: 2 })).toEqual({
      versions: [1, 2],
      currentKeyVersion: 2,
    });
    send();
    const items = (await chatData({ seq: before })).chatdata ?? [];
    expect(items.map((i) => i.publickey_ver)).toEqual([1, 2]);
    const second = items[1] as ChatItem;
    expect(
      decryptChatMessage(decryptRandomKey(v2.privateKey, second.encrypt_random_key), second.encrypt_chat_msg),
    ).toContain('"text"');
    sim.control.setArchiveKeys({ currentKeyVersion: 1 });
  });

  it('pages by limit and reads seq as a 64-bit number', async () => {
    const page = (await chatData({ seq: 0, limit: 3 })).chatdata ?? [];
    expect(page.map((i) => i.seq)).toEqual([1, 2, 3]);
    const text = await fetch(`${sim.url}/__finance/chatdata`, {
      method: 'POST',
      body: `{"seq":18446744073709551615,"limit":5,"corpid":"${sim.config.corpId}","secret":"${sim.config.secrets.archive}"}`,
    }).then((r) => r.json());
    expect(text).toMatchObject({ errcode: 0, chatdata: [] });
  });

  it('answers WeCom errors inside the JSON', async () => {
    expect(await chatData({ seq: 0, limit: 1001 })).toMatchObject({ errcode: 301058 });
    expect(await chatData({ seq: 0, secret: 'wrong' })).toMatchObject({ errcode: 40001 });
    expect(await chatData({ seq: 0, secret: '' })).toMatchObject({ errcode: 41004 });
    expect(await chatData({ seq: 0, corpid: 'wwother' })).toMatchObject({ errcode: 40013 });
    sim.control.faults.connection({ archiveNotEnabled: true });
    expect(await chatData({ seq: 0 })).toMatchObject({ errcode: 301053 });
    sim.control.faults.clear();
    sim.control.faults.error(-1, 1, 'finance/chatdata');
    expect(await chatData({ seq: 0 })).toMatchObject({ errcode: -1 });
    expect(await chatData({ seq: 0, limit: 1 })).toMatchObject({ errcode: 0 });
  });

  it('serves media in chunks of at most 512 KB whose bytes match the md5sum', async () => {
    const follow = sim.state.customers.followsOfUser('WangFang')[0];
    if (!follow) throw new Error('WangFang has no customers');
    const [message] = sim.control.scenarios.chat({
      from: 'WangFang',
      to: [follow.external_userid],
      messages: [{ msgtype: 'video', body: { video: { filesize: 1_200_000, play_length: 12 } } }],
    }).messages;
    const video = message?.body.video as { sdkfileid: string; md5sum: string; filesize: number };
    const chunks: Buffer[] = [];
    let indexbuf = '';
    for (let finished = false; !finished;) {
      const reply = await post<{ errcode: number; outindexbuf: string; is_finish: number; data: string }>(
        'media',
        {
          corpid: sim.config.corpId,
          secret: sim.config.secrets.archive,
          sdkfileid: video.sdkfileid,
          indexbuf,
        },
      );
      expect(reply.errcode).toBe(0);
      const data = Buffer.from(reply.data, 'base64');
      expect(data.length).toBeLessThanOrEqual(512 * 1024);
      chunks.push(data);
      indexbuf = reply.outindexbuf;
      finished = reply.is_finish === 1;
    }
    const bytes = Buffer.concat(chunks);
    expect(chunks).toHaveLength(3);
    expect(bytes.length).toBe(1_200_000);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(video.md5sum);
    const unknown = await post<{ errcode: number }>('media', {
      corpid: sim.config.corpId,
      secret: sim.config.secrets.archive,
      sdkfileid: 'nope',
      indexbuf: '',
    });
    expect(unknown.errcode).toBe(10005);
  });

  it('sets keys over the control API and refuses a version without a key', async () => {
    const set = (body: unknown) =>
      fetch(`${sim.url}/__sim/archive/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await set({ currentKeyVersion: 9 })).status).toBe(400);
    expect((await set({ publicKeys: { 3: 'not a pem' } })).status).toBe(400);
    const ok = await set({ publicKeys: { 3: v2.publicPem } });
    expect(await ok.json()).toEqual({ versions: [1, 2, 3], currentKeyVersion: 1 });
  });
});
