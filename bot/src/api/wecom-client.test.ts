import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { WeComLogger } from './logger';
import { TokenBucketRateLimiter, unlimitedRateLimiter } from './rate-limiter';
import { InMemoryTokenStore } from './token-store';
import { WeComClient } from './wecom-client';
import { WeComError, WeComNetworkError } from './wecom-error';
import { WeComHttp, type WeComHttpOptions } from './wecom-http';

const SECRET = 'contact-secret-DO-NOT-LEAK';
const credential = { corpId: 'wwcorp', secret: SECRET, agentId: 1000002 };

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}
type Reply = { status?: number; json?: unknown; raw?: string; delayMs?: number };
type Handler = (request: Recorded, index: number) => Reply | Promise<Reply>;

/** A tiny WeCom stand-in on a random loopback port; each test scripts its replies. */
class FakeWeCom {
  readonly requests: Recorded[] = [];
  private server: Server | undefined;
  private tokenCounter = 0;
  /** Default: a fresh token per gettoken, errcode 0 for everything else. */
  handler: Handler = (request) =>
    request.path === '/cgi-bin/gettoken'
      ? { json: this.tokenReply() }
      : { json: { errcode: 0, errmsg: 'ok' } };

  tokenReply(expiresIn = 7200): Record<string, unknown> {
    this.tokenCounter += 1;
    return {
      errcode: 0,
      errmsg: 'ok',
      access_token: `TOKEN-${this.tokenCounter}-SECRETISH`,
      expires_in: expiresIn,
    };
  }

  calls(path: string): Recorded[] {
    return this.requests.filter((request) => request.path === path);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    this.requests.push(recorded);
    const reply = await this.handler(recorded, this.requests.length - 1);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    res.end(reply.raw ?? JSON.stringify(reply.json));
  }
}

function recordingLogger(): { logger: WeComLogger; lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (fields: Record<string, unknown>, message?: string): void => {
      lines.push(`${level} ${message ?? ''} ${JSON.stringify(fields)}`);
    };
  return { logger: { debug: record('debug'), info: record('info'), warn: record('warn') }, lines };
}

let fake: FakeWeCom;
async function setup(
  options: WeComHttpOptions = {},
): Promise<{ sut: WeComClient; http: WeComHttp; baseUrl: string }> {
  fake = new FakeWeCom();
  const baseUrl = await fake.start();
  const http = new WeComHttp({
    baseUrl,
    rateLimiter: unlimitedRateLimiter,
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    timeoutMs: 2000,
    ...options,
  });
  return { sut: new WeComClient(credential, http), http, baseUrl };
}

afterEach(async () => {
  await fake?.stop();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe(WeComClient.name, () => {
  describe('access token', () => {
    it('fetches once, caches, and always sends the token in the query string', async () => {
      const { sut } = await setup();
      await sut.getUser('zhangsan');
      await sut.batchGetCustomersByUser({ userid_list: ['zhangsan'], limit: 100 });

      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(1);
      const gettoken = fake.calls('/cgi-bin/gettoken')[0];
      expect(gettoken?.query.get('corpid')).toBe('wwcorp');
      expect(gettoken?.query.get('corpsecret')).toBe(SECRET);
      const [getUser, batch] = [
        fake.calls('/cgi-bin/user/get')[0],
        fake.calls('/cgi-bin/externalcontact/batch/get_by_user')[0],
      ];
      expect(getUser?.query.get('access_token')).toBe('TOKEN-1-SECRETISH');
      expect(getUser?.query.get('userid')).toBe('zhangsan');
      expect(batch?.method).toBe('POST');
      expect(batch?.query.get('access_token')).toBe('TOKEN-1-SECRETISH');
      expect(batch?.body).toEqual({ userid_list: ['zhangsan'], limit: 100 });
    });

    it('refreshes before WeCom expiry (5 min margin) and keeps separate tokens per secret', async () => {
      let now = 1_000_000;
      const { sut, http } = await setup({ now: () => now });
      await sut.listFollowUsers().catch(() => undefined);
      now += (7200 - 301) * 1000;
      await sut.getUser('a');
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(1);
      now += 2000; // now inside the 5-minute margin
      await sut.getUser('a');
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(2);
      expect(fake.calls('/cgi-bin/user/get')[1]?.query.get('access_token')).toBe('TOKEN-2-SECRETISH');

      const archive = new WeComClient({ corpId: 'wwcorp', secret: 'archive-secret' }, http);
      await archive.listArchivePermitUsers().catch(() => undefined);
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(3);
      expect(fake.calls('/cgi-bin/gettoken')[2]?.query.get('corpsecret')).toBe('archive-secret');
    });

    it('shares one gettoken among concurrent callers', async () => {
      const { sut } = await setup();
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply(), delayMs: 50 }
          : { json: { errcode: 0, errmsg: 'ok', userid: 'x' } };
      await Promise.all(Array.from({ length: 5 }, () => sut.getUser('x')));
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(1);
      expect(fake.calls('/cgi-bin/user/get')).toHaveLength(5);
    });

    it('uses a shared TokenStore, so a second process does not fetch again', async () => {
      const tokenStore = new InMemoryTokenStore();
      const { sut, baseUrl } = await setup({ tokenStore });
      await sut.getUser('a');
      const otherProcess = new WeComClient(credential, new WeComHttp({ baseUrl, tokenStore }));
      await otherProcess.getUser('b');
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(1);
      expect(fake.calls('/cgi-bin/user/get')[1]?.query.get('access_token')).toBe('TOKEN-1-SECRETISH');
    });

    it('renews the token once on 42001 and retries the call', async () => {
      const { sut } = await setup();
      let rejected = false;
      fake.handler = (request) => {
        if (request.path === '/cgi-bin/gettoken') return { json: fake.tokenReply() };
        if (!rejected) {
          rejected = true;
          return { json: { errcode: 42001, errmsg: 'access_token expired' } };
        }
        return { json: { errcode: 0, errmsg: 'ok', userid: 'a' } };
      };
      await expect(sut.getUser('a')).resolves.toMatchObject({ userid: 'a' });
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(2);
      expect(fake.calls('/cgi-bin/user/get').map((r) => r.query.get('access_token'))).toEqual([
        'TOKEN-1-SECRETISH',
        'TOKEN-2-SECRETISH',
      ]);
    });

    it('gives up when the renewed token is rejected too', async () => {
      const { sut } = await setup();
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 40014, errmsg: 'invalid access_token' } };
      const error = await rejection(sut.getUser('a'));
      expect(error).toBeInstanceOf(WeComError);
      expect((error as WeComError).code).toBe(40014);
      expect(fake.calls('/cgi-bin/user/get')).toHaveLength(2);
      expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(2);
    });

    it('reports a wrong secret (40001 at gettoken) with a hint and does not loop', async () => {
      const { sut } = await setup();
      fake.handler = () => ({ json: { errcode: 40001, errmsg: 'invalid credential' } });
      const error = (await rejection(sut.getUser('a'))) as WeComError;
      expect(error).toBeInstanceOf(WeComError);
      expect(error.code).toBe(40001);
      expect(error.path).toBe('/cgi-bin/gettoken');
      expect(error.hint).toMatch(/secret/i);
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('retries', () => {
    it('backs off and retries on -1 until success', async () => {
      const { sut } = await setup();
      let busy = 2;
      fake.handler = (request) => {
        if (request.path === '/cgi-bin/gettoken') return { json: fake.tokenReply() };
        if (busy > 0) {
          busy -= 1;
          return { json: { errcode: -1, errmsg: 'system busy' } };
        }
        return { json: { errcode: 0, errmsg: 'ok', follow_user: ['a', 'b'] } };
      };
      await expect(sut.listFollowUsers()).resolves.toEqual(['a', 'b']);
      expect(fake.calls('/cgi-bin/externalcontact/get_follow_user_list')).toHaveLength(3);
    });

    it('gives up on 45009 after maxAttempts and says why', async () => {
      const { sut } = await setup({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 45009, errmsg: 'api freq out of limit' } };
      // Rate limits are retried even for non-idempotent calls: WeCom refused them without acting.
      const error = (await rejection(
        sut.sendMessage({ touser: 'a', msgtype: 'text', text: { content: 'hi' } }),
      )) as WeComError;
      expect(error.code).toBe(45009);
      expect(error.hint).toMatch(/rate limit/i);
      expect(fake.calls('/cgi-bin/message/send')).toHaveLength(3);
    });

    it('waits between attempts (exponential backoff)', async () => {
      const { sut } = await setup({
        retry: { maxAttempts: 3, baseDelayMs: 60, maxDelayMs: 1000 },
        random: () => 0,
      });
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 45033, errmsg: 'api concurrent out of limit' } };
      const started = Date.now();
      await rejection(sut.getUser('a'));
      // random() = 0 leaves the fixed half: 30 ms, then 60 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(85);
    });

    it('does not retry business errors', async () => {
      const { sut } = await setup();
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 60020, errmsg: 'not allow to access from your ip, from ip: 1.2.3.4' } };
      const error = (await rejection(sut.listDepartments())) as WeComError;
      expect(error.code).toBe(60020);
      expect(error.hint).toMatch(/IP/);
      expect(fake.calls('/cgi-bin/department/list')).toHaveLength(1);
    });

    it('retries 5xx answers and rejects non-JSON ones as bad_response', async () => {
      const { sut } = await setup();
      let count = 0;
      fake.handler = (request) => {
        if (request.path === '/cgi-bin/gettoken') return { json: fake.tokenReply() };
        count += 1;
        return count === 1 ? { status: 502, raw: 'bad gateway' } : { raw: '<html>proxy</html>' };
      };
      const error = (await rejection(sut.getUser('a'))) as WeComNetworkError;
      expect(error).toBeInstanceOf(WeComNetworkError);
      expect(error.kind).toBe('bad_response');
      expect(count).toBe(2);
    });
  });

  describe('timeouts', () => {
    it('times out each attempt and retries idempotent calls up to maxAttempts', async () => {
      const { sut } = await setup({ timeoutMs: 100 });
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 0, errmsg: 'ok' }, delayMs: 400 };
      const error = (await rejection(sut.getUser('a'))) as WeComNetworkError;
      expect(error).toBeInstanceOf(WeComNetworkError);
      expect(error.kind).toBe('timeout');
      expect(error.maybeProcessed).toBe(true);
      expect(fake.calls('/cgi-bin/user/get')).toHaveLength(3);
    });

    it('does not repeat a non-idempotent call that timed out (it may have been delivered)', async () => {
      const { sut } = await setup({ timeoutMs: 100 });
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 0, errmsg: 'ok', msgid: 'm' }, delayMs: 400 };
      const error = (await rejection(
        sut.transferOnJobCustomers({ handover_userid: 'a', takeover_userid: 'b', external_userid: ['wm1'] }),
      )) as WeComNetworkError;
      expect(error.kind).toBe('timeout');
      expect(fake.calls('/cgi-bin/externalcontact/transfer_customer')).toHaveLength(1);
    });

    it('stops at once when the caller aborts', async () => {
      const { sut } = await setup();
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 0 }, delayMs: 400 };
      const error = (await rejection(
        sut.getUser('a', { signal: AbortSignal.timeout(50) }),
      )) as WeComNetworkError;
      expect(error.kind).toBe('aborted');
      expect(fake.calls('/cgi-bin/user/get')).toHaveLength(1);
    });
  });

  describe('rate limiter', () => {
    it('spaces calls to one API beyond the burst, per corp and path', async () => {
      const rateLimiter = new TokenBucketRateLimiter({
        default: { tokensPerInterval: 1000, intervalMs: 1000 },
        perPath: { '/cgi-bin/user/get': { tokensPerInterval: 2, intervalMs: 200, burst: 2 } },
      });
      const { sut } = await setup({ rateLimiter });
      await sut.getAccessToken();
      const started = Date.now();
      await Promise.all(Array.from({ length: 4 }, () => sut.getUser('a')));
      // 2 immediately, then one every 100 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(180);

      const other = Date.now();
      await Promise.all(Array.from({ length: 4 }, () => sut.listDepartments()));
      expect(Date.now() - other).toBeLessThan(150);
    });
  });

  describe('secrets', () => {
    it('keeps the token and secret out of errors and logs', async () => {
      const { logger, lines } = recordingLogger();
      const { sut } = await setup({ logger });
      fake.handler = (request) => {
        if (request.path === '/cgi-bin/gettoken') return { json: fake.tokenReply() };
        // WeCom echoing the token back must not leak it either.
        const token = request.query.get('access_token') ?? '';
        return { json: { errcode: 40058, errmsg: `invalid parameter ${token} ${SECRET}` } };
      };
      const error = (await rejection(sut.getUser('zhangsan'))) as WeComError;
      expect(error.path).toBe('/cgi-bin/user/get');
      const everything = [inspect(error, { depth: 10 }), JSON.stringify(error), error.message, ...lines].join(
        '\n',
      );
      expect(everything).not.toContain('TOKEN-1');
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain('access_token=');
      expect(lines.length).toBeGreaterThan(0);
    });

    it('keeps them out of network errors too', async () => {
      const { sut } = await setup();
      await sut.getAccessToken();
      await fake.stop();
      const error = (await rejection(sut.getUser('a'))) as WeComNetworkError;
      expect(error).toBeInstanceOf(WeComNetworkError);
      expect(error.kind).toBe('network');
      const text = inspect(error, { depth: 10 });
      expect(text).not.toContain('TOKEN-1');
      expect(text).not.toContain(SECRET);
    });
  });

  describe('methods', () => {
    it('returns an empty list when a member has no customers (84061)', async () => {
      const { sut } = await setup();
      fake.handler = (request) =>
        request.path === '/cgi-bin/gettoken'
          ? { json: fake.tokenReply() }
          : { json: { errcode: 84061, errmsg: 'not external contact' } };
      await expect(sut.listCustomerIds('zhangsan')).resolves.toEqual([]);
      expect(fake.calls('/cgi-bin/externalcontact/list')[0]?.query.get('userid')).toBe('zhangsan');
    });

    it('fills the agent id of the credential into message/send', async () => {
      const { sut } = await setup();
      await sut.sendMessage({ touser: 'a|b', msgtype: 'text', text: { content: 'hi' } });
      expect(fake.calls('/cgi-bin/message/send')[0]?.body).toEqual({
        touser: 'a|b',
        msgtype: 'text',
        text: { content: 'hi' },
        agentid: 1000002,
      });
    });

    it.each<[string, (sut: WeComClient) => Promise<unknown>, string, string]>([
      ['getContactWay', (c) => c.getContactWay('cfg'), '/cgi-bin/externalcontact/get_contact_way', 'POST'],
      [
        'getResignedTransferResult',
        (c) => c.getResignedTransferResult({ handover_userid: 'a', takeover_userid: 'b' }),
        '/cgi-bin/externalcontact/resigned/transfer_result',
        'POST',
      ],
      [
        'transferOnJobGroupChats',
        (c) => c.transferOnJobGroupChats({ chat_id_list: ['wr1'], new_owner: 'b' }),
        '/cgi-bin/externalcontact/groupchat/onjob_transfer',
        'POST',
      ],
      [
        'checkSingleChatAgreement',
        (c) => c.checkSingleChatAgreement({ info: [{ userid: 'a', exteranalopenid: 'wm1' }] }),
        '/cgi-bin/msgaudit/check_single_agree',
        'POST',
      ],
      ['getArchiveRoom', (c) => c.getArchiveRoom('room'), '/cgi-bin/msgaudit/groupchat/get', 'POST'],
      ['getUserInfoByCode', (c) => c.getUserInfoByCode('CODE'), '/cgi-bin/auth/getuserinfo', 'GET'],
      ['listUsers', (c) => c.listUsers(1).catch(() => undefined), '/cgi-bin/user/list', 'GET'],
    ])('%s calls %s', async (_name, call, path, method) => {
      const { sut } = await setup();
      await call(sut);
      expect(fake.calls(path)).toHaveLength(1);
      expect(fake.calls(path)[0]?.method).toBe(method);
    });
  });
});
