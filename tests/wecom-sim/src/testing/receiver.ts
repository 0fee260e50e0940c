import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  query: URLSearchParams;
  body: string;
}

/** A stand-in for Keeper's callback endpoint: records requests, answers what the test says. */
export class Receiver {
  readonly requests: Received[] = [];
  /** Status and body per request; default 200 with an empty body. */
  respond: (r: Received) => { status: number; body?: string } = () => ({ status: 200 });
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = {
          method: req.method ?? '',
          query: new URL(req.url ?? '/', 'http://x').searchParams,
          body: Buffer.concat(chunks).toString(),
        };
        this.requests.push(r);
        const answer = this.respond(r);
        res.writeHead(answer.status).end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/wecom/callback`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
