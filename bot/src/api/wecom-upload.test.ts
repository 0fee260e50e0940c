import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { unlimitedRateLimiter } from './rate-limiter';
import { WeComClient } from './wecom-client';
import { WeComHttp } from './wecom-http';

const credential = { corpId: 'wwcorp', secret: 'contact-secret' };

interface RawRequest {
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: Buffer;
}

/** A WeCom stand-in that keeps upload bodies as bytes; `drop` resets the connection of the first n uploads. */
class UploadServer {
  readonly uploads: RawRequest[] = [];
  drop = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/cgi-bin/gettoken') {
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 }));
      return;
    }
    this.uploads.push({
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks),
    });
    if (this.drop > 0) {
      this.drop -= 1;
      req.socket.destroy();
      return;
    }
    res.end(
      JSON.stringify(
        url.pathname === '/cgi-bin/media/uploadimg'
          ? { errcode: 0, errmsg: 'ok', url: 'https://wework.qpic.cn/a.png' }
          : { errcode: 0, errmsg: 'ok', type: 'image', media_id: `m${this.uploads.length}`, created_at: '1' },
      ),
    );
  }
}

/** The one part of a multipart body: its header lines and its bytes. */
function onlyPart(request: RawRequest): { headers: string; data: Buffer } {
  const boundary = /boundary=(.+)$/.exec(request.contentType)?.[1] ?? '';
  const body = request.body;
  const headerEnd = body.indexOf('\r\n\r\n');
  const closing = body.lastIndexOf(`\r\n--${boundary}--`);
  expect(body.subarray(0, boundary.length + 2).toString()).toBe(`--${boundary}`);
  return {
    headers: body.subarray(boundary.length + 4, headerEnd).toString('utf8'),
    data: body.subarray(headerEnd + 4, closing),
  };
}

describe('WeComClient media uploads (protocol.md §13)', () => {
  let server: UploadServer;
  let client: WeComClient;
  const png = Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from('\r\n--not a boundary\r\n'),
  ]);

  async function start(): Promise<void> {
    server = new UploadServer();
    const baseUrl = await server.start();
    const http = new WeComHttp({
      baseUrl,
      rateLimiter: unlimitedRateLimiter,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    client = new WeComClient(credential, http);
  }
  afterEach(() => server.stop());

  it('sends one `media` part with the file name, its length and the bytes unchanged', async () => {
    await start();
    const reply = await client.uploadMedia('image', {
      fileName: '专业版"报价".png',
      contentType: 'image/png',
      data: png,
    });
    expect(reply).toMatchObject({ type: 'image', media_id: 'm1', created_at: '1' });
    const [upload] = server.uploads;
    expect(upload?.path).toBe('/cgi-bin/media/upload');
    expect(upload?.query.get('type')).toBe('image');
    expect(upload?.query.get('access_token')).toBe('TOKEN');
    expect(upload?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const part = onlyPart(upload!);
    expect(part.headers).toBe(
      `Content-Disposition: form-data; name="media"; filename="专业版%22报价%22.png"; filelength=${png.length}\r\n` +
        'Content-Type: image/png',
    );
    expect(part.data.equals(png)).toBe(true);
  });

  it('uploads an image for a permanent URL through media/uploadimg', async () => {
    await start();
    const reply = await client.uploadImage({ fileName: 'cover.jpg', contentType: 'image/jpeg', data: png });
    expect(reply.url).toBe('https://wework.qpic.cn/a.png');
    expect(server.uploads[0]?.path).toBe('/cgi-bin/media/uploadimg');
    expect(onlyPart(server.uploads[0]!).headers).toContain('name="media"; filename="cover.jpg"');
  });

  it('repeats an upload whose connection dropped: another media_id is harmless', async () => {
    await start();
    server.drop = 1;
    const reply = await client.uploadMedia('file', {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      data: png,
    });
    expect(server.uploads).toHaveLength(2);
    expect(reply.media_id).toBe('m2');
    expect(onlyPart(server.uploads[1]!).data.equals(png)).toBe(true);
  });
});
