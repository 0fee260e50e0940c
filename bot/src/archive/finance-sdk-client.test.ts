import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeComError } from '../api/wecom-error.js';
import { FinanceSdkHostError, MediaTooLargeError, UnknownKeyVersionError } from './archive-errors.js';
import { FinanceSdkClient, type FinanceSdkClientOptions } from './finance-sdk-client.js';
import { sourceFinanceSdkEntries } from './finance-sdk-entries.js';
import { buildDouble, rsaKeyPair, startSimProcess, type SimProcess } from './testing/archive-sandbox.js';

/** Test-only triggers compiled into the double (see tests/finance-sdk-double/README.md). */
const ABORT_SEQ = 2n ** 53n + 1n;
const HANG_SEQ = 2n ** 53n + 3n;

interface ArchivedView {
  seq: number;
  publickey_ver: number | null;
  message: Record<string, unknown>;
}

describe(FinanceSdkClient.name, { timeout: 20_000 }, () => {
  const v1 = rsaKeyPair();
  const v2 = rsaKeyPair();
  let sim: SimProcess;
  let libraryPath: string;
  const clients: FinanceSdkClient[] = [];

  function client(overrides: Partial<FinanceSdkClientOptions> = {}): FinanceSdkClient {
    const sut = new FinanceSdkClient({
      libraryPath,
      corpId: sim.corpId,
      secret: sim.archiveSecret,
      privateKeys: { 1: v1.privatePem },
      entries: sourceFinanceSdkEntries(),
      env: { FINANCE_SDK_DOUBLE_ENDPOINT: `${sim.url}/__finance` },
      decryptThreads: 2,
      sdkTimeoutSec: 5,
      requestTimeoutMs: 20_000,
      restartBackoff: { initialMs: 50, maxMs: 500 },
      ...overrides,
    });
    clients.push(sut);
    return sut;
  }

  async function customerOf(userid: string): Promise<string> {
    const { follows } = await sim.control<{ follows: Array<{ external_userid: string }> }>(
      'GET',
      `/follows?userid=${userid}&limit=1`,
    );
    const ext = follows[0]?.external_userid;
    if (!ext) throw new Error(`${userid} has no customers`);
    return ext;
  }

  async function latestSeq(): Promise<number> {
    return (await sim.control<{ archiveLatestSeq: number }>('GET', '/status')).archiveLatestSeq;
  }

  async function archived(afterSeq: number): Promise<ArchivedView[]> {
    return (await sim.control<{ messages: ArchivedView[] }>('GET', `/archive/messages?after_seq=${afterSeq}`))
      .messages;
  }

  beforeAll(async () => {
    [libraryPath, sim] = await Promise.all([buildDouble(), startSimProcess(v1.publicPem, 1)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim?.close();
  });

  it('pages GetChatData after a checkpoint and decrypts exactly what the simulator archived', async () => {
    const sut = client();
    const checkpoint = await latestSeq();
    const customer = await customerOf('LiNa');
    await sim.control('POST', '/scenarios/chat', {
      from: 'LiNa',
      to: [customer],
      messages: [
        { msgtype: 'text', content: '您好，报价单已发您邮箱' },
        { msgtype: 'text', content: '合同下午寄出' },
        {
          msgtype: 'link',
          body: { link: { title: '产品手册', description: '2024 版', link_url: 'https://e.x' } },
        },
      ],
    });
    await sim.control('POST', '/scenarios/chat-violation', {
      userid: 'LiNa',
      external_userid: customer,
      kind: 'bank_card',
    });

    const first = await sut.getChatData(String(checkpoint), 2);
    expect(first.map((i) => i.seq)).toEqual([String(checkpoint + 1), String(checkpoint + 2)]);
    const rest = await sut.getChatData(BigInt(first.at(-1)?.seq ?? 0), 1000);
    expect(rest.map((i) => i.seq)).toEqual([String(checkpoint + 3), String(checkpoint + 4)]);
    expect(await sut.getChatData(String(checkpoint + 4), 1000)).toEqual([]);

    const decrypted = await sut.pullChatData(String(checkpoint), 1000).decrypted;
    expect(decrypted.every((d) => d.ok)).toBe(true);
    expect(decrypted.map((d) => (d.ok ? d.message : d.error))).toEqual(
      (await archived(checkpoint)).map((m) => m.message),
    );
    expect(decrypted[3]).toMatchObject({ ok: true, message: { msgtype: 'text', from: 'LiNa' } });
  });

  it('decrypts a whole page of the demo history across threads, in order', async () => {
    const sut = client({ decryptThreads: 3 });
    const page = await sut.getChatData('0', 150);
    const decrypted = await sut.pullChatData('0', 150).decrypted;
    expect(decrypted.map((d) => d.seq)).toEqual(page.map((i) => i.seq));
    expect(decrypted.map((d) => (d.ok ? d.message : d.error))).toEqual(
      (await archived(0)).slice(0, page.length).map((m) => m.message),
    );
  });

  it('pulls a page and its decryption in one request: the page answers first, several pages overlap', async () => {
    const sut = client();
    const first = sut.pullChatData('0', 60);
    const { fetched, lastSeq } = await first.page;
    expect([fetched, lastSeq]).toEqual([60, '60']);
    const second = sut.pullChatData(lastSeq!, 60); // asked while the first page is still being decrypted
    const [one, two] = await Promise.all([first.decrypted, second.decrypted]);
    expect([...one, ...two].map((d) => d.seq)).toEqual(Array.from({ length: 120 }, (_, i) => String(i + 1)));
    expect([...one, ...two].map((d) => (d.ok ? d.message : d.error))).toEqual(
      (await archived(0)).slice(0, 120).map((m) => m.message),
    );
    expect(await sut.pullChatData(String(await latestSeq()), 100).page).toEqual({
      fetched: 0,
      lastSeq: null,
    });
  });

  it('fails both answers of a pull when GetChatData fails, or the host dies under it', async () => {
    const sut = client();
    const refused = sut.pullChatData('0', 1001);
    await expect(refused.page).rejects.toMatchObject({ name: 'WeComError', code: 301058 });
    await expect(refused.decrypted).rejects.toMatchObject({ name: 'WeComError', code: 301058 });
    const crashed = sut.pullChatData(ABORT_SEQ, 10);
    await expect(crashed.page).rejects.toMatchObject({ failure: 'crashed', retryable: true });
    await expect(crashed.decrypted).rejects.toMatchObject({ failure: 'crashed', retryable: true });
    expect((await sut.pullChatData('0', 5).decrypted).map((d) => d.ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('reads WeCom errors inside the output as WeComError', async () => {
    const sut = client();
    await expect(sut.getChatData('0', 1001)).rejects.toMatchObject({ name: 'WeComError', code: 301058 });
    const wrongSecret = client({ secret: 'not-the-archive-secret' });
    await expect(wrongSecret.getChatData('0', 10)).rejects.toBeInstanceOf(WeComError);
  });

  it('decrypts across a key rotation when the old key is kept, and names an unknown version', async () => {
    const checkpoint = await latestSeq();
    const customer = await customerOf('WangFang');
    const say = (content: string) =>
      sim.control('POST', '/scenarios/chat', {
        from: 'WangFang',
        to: [customer],
        messages: [{ msgtype: 'text', content }],
      });
    await say('旧密钥的消息');
    await sim.control('POST', '/archive/keys', { publicKeys: { 2: v2.publicPem }, currentKeyVersion: 2 });
    await say('新密钥的消息');

    const both = client({ privateKeys: { 1: v1.privatePem, 2: v2.privatePem } });
    const items = await both.getChatData(String(checkpoint), 10);
    expect(items.map((i) => i.publickeyVer)).toEqual([1, 2]);
    const decrypted = await both.pullChatData(String(checkpoint), 10).decrypted;
    expect(decrypted.map((d) => (d.ok ? (d.message.text as { content: string }).content : d.error))).toEqual([
      '旧密钥的消息',
      '新密钥的消息',
    ]);

    const oldOnly = client();
    const [old, unknown] = await oldOnly.pullChatData(String(checkpoint), 10).decrypted;
    expect(old).toMatchObject({ ok: true });
    expect(unknown).toMatchObject({ ok: false, publickeyVer: 2 });
    const error = unknown && !unknown.ok ? unknown.error : undefined;
    expect(error).toBeInstanceOf(UnknownKeyVersionError);
    expect(error).toMatchObject({ version: 2, message: expect.stringContaining('publickey_ver 2') });
    await sim.control('POST', '/archive/keys', { currentKeyVersion: 1 });
  });

  it('downloads media in chunks matching the md5 and enforces the size cap', async () => {
    const sut = client();
    const customer = await customerOf('LiNa');
    const { messages } = await sim.control<{
      messages: Array<{ body: { video: { sdkfileid: string; md5sum: string; filesize: number } } }>;
    }>('POST', '/scenarios/chat', {
      from: 'LiNa',
      to: [customer],
      messages: [{ msgtype: 'video', body: { video: { filesize: 1_300_000, play_length: 9 } } }],
    });
    const video = messages[0]?.body.video;
    if (!video) throw new Error('no video');
    const chunks: number[] = [];
    const bytes = await sut.getMedia(video.sdkfileid, { onChunk: (c) => chunks.push(c.length) });
    expect(bytes.length).toBe(1_300_000);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(video.md5sum);
    expect(chunks).toEqual([524_288, 524_288, 251_424]);
    await expect(sut.getMedia(video.sdkfileid, { maxBytes: 600_000 })).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    await expect(sut.getMedia('no-such-file')).rejects.toMatchObject({
      name: 'FinanceSdkError',
      code: 10005,
      retryable: false,
    });
  });

  it('survives abort() inside the native library: the host restarts and the next call works', async () => {
    const sut = client();
    await sut.getChatData('0', 1);
    const firstPid = sut.pid;
    const crash = sut.getChatData(ABORT_SEQ, 10);
    await expect(crash).rejects.toBeInstanceOf(FinanceSdkHostError);
    await expect(crash).rejects.toMatchObject({ failure: 'crashed', retryable: true });
    const page = await sut.getChatData('0', 3);
    expect(page).toHaveLength(3);
    expect(sut.restarts).toBe(1);
    expect(sut.pid).not.toBe(firstPid);
  });

  it('kills and restarts a host whose native call hangs', async () => {
    const sut = client({ sdkTimeoutSec: 1, requestTimeoutMs: 3_000 });
    await expect(sut.getChatData(HANG_SEQ, 10)).rejects.toMatchObject({
      name: 'FinanceSdkHostError',
      failure: 'timeout',
      retryable: true,
    });
    expect(await sut.getChatData('0', 2)).toHaveLength(2);
    expect(sut.restarts).toBe(1);
  }, 20_000);

  it('fails calls after close()', async () => {
    const sut = client();
    await sut.getChatData('0', 1);
    await sut.close();
    await expect(sut.getChatData('0', 1)).rejects.toMatchObject({ failure: 'closed', retryable: false });
  });
});
