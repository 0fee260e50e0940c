import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, Role } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { InboxEntity } from './inbox.entity';

/** WeCom's official sample (protocol.md §2.5). */
const OFFICIAL = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  get: {
    msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  },
  post: {
    query: {
      msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6',
      timestamp: '1409659813',
      nonce: '1372623149',
    },
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  },
};
const envelope = (encrypt: string) =>
  `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><AgentID><![CDATA[218]]></AgentID><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;

describe('WeCom callback endpoint and inbox', () => {
  let db: TestDatabase;
  let sut: TestApp;
  const inboxRows = () => db.dataSource.getRepository(InboxEntity).find({ order: { id: 'ASC' } });
  const post = (query: Record<string, string>, body: string) =>
    sut.http().post('/wecom/callback').query(query).set('Content-Type', 'text/xml').send(body);

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    sut = createTestApp(db, {
      wecom: {
        corpId: OFFICIAL.corpId,
        callback: { token: OFFICIAL.token, encodingAesKey: OFFICIAL.aesKey, maxBodyBytes: 64 * 1024 },
      },
    });
  });
  afterAll(() => db.close());

  it('answers the official URL verification with the decrypted echostr only', async () => {
    const response = await sut.http().get('/wecom/callback').query(OFFICIAL.get).expect(200);
    expect(response.text).toBe('1616140317555161061');
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('stores the official POST once, however often it is delivered, and the handler runs once', async () => {
    let handled = 0;
    sut.services.handlers.on('message.text', async (event, context) => {
      expect(event).toMatchObject({
        fromUserName: 'mycreate',
        content: 'hello',
        msgId: '4561255354251345929',
      });
      await context.commit(async () => {
        handled++;
      });
    });
    for (let delivery = 0; delivery < 3; delivery++) {
      const response = await post(OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt)).expect(200);
      expect(response.text).toBe('');
    }
    const rows = await inboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ eventType: 'message.text', status: 'pending' });
    await sut.services.dispatcher.drain();
    expect(handled).toBe(1);
    expect((await inboxRows())[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it.each([
    [
      'a forged signature',
      { ...OFFICIAL.post.query, msg_signature: '0'.repeat(40) },
      envelope(OFFICIAL.post.encrypt),
      400,
    ],
    ['a tampered body', OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt.replace('Ryp', 'Ryq')), 400],
    ['a missing signature', { timestamp: '1409659813', nonce: '1' }, envelope(OFFICIAL.post.encrypt), 400],
    ['malformed XML', OFFICIAL.post.query, '<xml><Encrypt>unterminated', 400],
    ['an oversized body', OFFICIAL.post.query, `<xml><Encrypt>${'A'.repeat(70 * 1024)}</Encrypt></xml>`, 413],
  ])('rejects %s and stores nothing', async (_case, query, body, status) => {
    const response = await post(query, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(status === 413 ? ErrorCode.PayloadTooLarge : ErrorCode.CallbackRejected);
    expect(await inboxRows()).toHaveLength(0);
  });

  it('rejects a callback encrypted for another corp', async () => {
    sut = createTestApp(db, {
      wecom: {
        corpId: 'wwsomeothercorp',
        callback: { token: OFFICIAL.token, encodingAesKey: OFFICIAL.aesKey, maxBodyBytes: 64 * 1024 },
      },
    });
    const response = await post(OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt)).expect(400);
    expect(response.body.message).toMatch(/receiveid/);
    expect(await inboxRows()).toHaveLength(0);
  });

  it('retries a failing handler with backoff, parks it, and an admin can retry it', async () => {
    let failures = Number.POSITIVE_INFINITY;
    let handled = 0;
    sut.services.handlers.on('message.text', async (_event, context) => {
      if (failures-- > 0) throw new Error('customer lookup failed');
      await context.commit(async () => {
        handled++;
      });
    });
    await post(OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt)).expect(200);
    const parked = new Promise<{ id: string }>((resolve) =>
      sut.services.domainEvents.on('inbox.parked', resolve),
    );
    sut.services.dispatcher.start();
    const { id } = await parked;
    await sut.services.dispatcher.stop();
    expect((await inboxRows())[0]).toMatchObject({
      status: 'parked',
      attempts: 3,
      lastError: 'customer lookup failed',
      lastErrorCode: 'unknown',
    });

    const admin = await sut.signIn([Role.Admin]);
    const listed = await admin.agent.get('/api/wecom/inbox').query({ status: 'parked' }).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id,
        eventType: 'message.text',
        status: 'parked',
        // A failure Keeper cannot name: the console words it generically and shows the text as the detail.
        lastFailure: { code: 'unknown', params: {}, detail: 'customer lookup failed' },
      }),
    ]);
    failures = 0;
    await admin.agent
      .post('/api/wecom/inbox/retry')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ ids: [id] })
      .expect(200, { requeued: 1 });
    await sut.services.dispatcher.drain();
    expect(handled).toBe(1);
    expect((await inboxRows())[0]).toMatchObject({ status: 'done' });
    await admin.agent.get('/api/wecom/inbox/counts').expect(200, { pending: 0, done: 1, parked: 0 });
  });

  it('picks up rows a crashed dispatcher had claimed once their lease runs out', async () => {
    await post(OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt)).expect(200);
    const [row] = await inboxRows();
    await db.dataSource
      .getRepository(InboxEntity)
      .update(row!.id, { lockedUntil: new Date(Date.now() + 60_000) });
    await sut.services.dispatcher.drain();
    expect((await inboxRows())[0]?.status).toBe('pending');
    await db.dataSource.getRepository(InboxEntity).update(row!.id, { lockedUntil: new Date(Date.now() - 1) });
    await sut.services.dispatcher.drain();
    expect((await inboxRows())[0]?.status).toBe('done');
  });

  it('takes over at once the rows of a dispatcher whose process died, never those of a live one', async () => {
    await post(OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt)).expect(200);
    const [row] = await inboxRows();
    const claimedBy = (pid: number) =>
      db.dataSource.getRepository(InboxEntity).update(row!.id, {
        lockedUntil: new Date(Date.now() + 120_000),
        lockedBy: `${os.hostname()}:${pid}:0a1b2c3d`,
      });
    // The parent of this test process runs: its claim holds for the whole lease.
    await claimedBy(process.ppid);
    await sut.services.dispatcher.drain();
    expect((await inboxRows())[0]?.status).toBe('pending');

    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    await claimedBy(child.pid!);
    await sut.services.dispatcher.drain();
    expect((await inboxRows())[0]).toMatchObject({ status: 'done', lockedBy: null, lockedUntil: null });
  });

  it('answers 503 with a hint when the callback is not configured', async () => {
    sut = createTestApp(db, { wecom: { callback: undefined } });
    const response = await sut.http().get('/wecom/callback').query(OFFICIAL.get).expect(503);
    expect(response.body.hint).toMatch(/WECOM_TOKEN/);
  });

  it('answers a callback sent as JSON with a 400 that says why, and stores nothing', async () => {
    const response = await sut
      .http()
      .post('/wecom/callback')
      .query(OFFICIAL.post.query)
      .set('Content-Type', 'application/json')
      .send({ Encrypt: OFFICIAL.post.encrypt });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: ErrorCode.CallbackRejected,
      message: expect.stringMatching(/^Callback rejected: /),
      requestId: expect.any(String),
    });
    expect(await inboxRows()).toEqual([]);
  });

  describe('beside the console', () => {
    let consoleDist: string;
    beforeAll(() => {
      consoleDist = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-console-'));
      fs.writeFileSync(path.join(consoleDist, 'index.html'), '<!doctype html><div id="app"></div>');
    });
    afterAll(() => fs.rmSync(consoleDist, { recursive: true, force: true }));
    beforeEach(() => {
      sut = createTestApp(db, {
        consoleDist,
        wecom: {
          corpId: OFFICIAL.corpId,
          callback: { token: OFFICIAL.token, encodingAesKey: OFFICIAL.aesKey, maxBodyBytes: 64 * 1024 },
        },
      });
    });

    it('serves the console for a reload or deep link of every /wecom/... page', async () => {
      for (const page of ['/wecom', '/wecom/inbox', '/wecom/checks', '/wecom/callback']) {
        const response = await sut.http().get(page).set('Accept', 'text/html,application/xhtml+xml');
        expect({ page, status: response.status, body: response.text }).toEqual({
          page,
          status: 200,
          body: expect.stringContaining('<div id="app">'),
        });
      }
    });

    it('still answers WeCom there: the URL verification and an event', async () => {
      const verification = await sut
        .http()
        .get('/wecom/callback')
        .query(OFFICIAL.get)
        .set('Accept', 'text/html')
        .expect(200);
      expect(verification.text).toBe('1616140317555161061');
      await post(OFFICIAL.post.query, envelope(OFFICIAL.post.encrypt)).expect(200, '');
      expect(await inboxRows()).toHaveLength(1);
    });
  });
});
