import type { AppRole } from '../api/tokens.js';
import type { RunningSimulator } from '../index.js';

/** A WeCom reply as tests read it: errcode, errmsg and whatever else came back. */
export type Reply = { errcode: number; errmsg: string } & Record<string, unknown>;

/** A minimal WeCom client for tests: fetches a token per app and calls APIs the way Keeper would. */
export class ApiClient {
  private readonly tokens = new Map<AppRole, string>();

  constructor(private readonly sim: RunningSimulator) {}

  async token(role: AppRole = 'contact'): Promise<string> {
    const cached = this.tokens.get(role);
    if (cached) return cached;
    const reply = await this.raw('GET', '/cgi-bin/gettoken', {
      corpid: this.sim.config.corpId,
      corpsecret: this.sim.config.secrets[role],
    });
    if (reply.errcode !== 0) throw new Error(`gettoken failed: ${reply.errmsg}`);
    const token = String(reply.access_token);
    this.tokens.set(role, token);
    return token;
  }

  /** Like a real SDK, refetches the token once when it expired (42001); other codes come back as they are. */
  autoRefresh = true;

  async get(path: string, query: Record<string, string> = {}, role: AppRole = 'contact'): Promise<Reply> {
    return this.withToken(role, (token) =>
      this.raw('GET', `/cgi-bin/${path}`, { ...query, access_token: token }),
    );
  }

  async post(path: string, body: unknown, role: AppRole = 'contact'): Promise<Reply> {
    return this.withToken(role, (token) =>
      this.raw('POST', `/cgi-bin/${path}`, { access_token: token }, JSON.stringify(body)),
    );
  }

  private async withToken(role: AppRole, call: (token: string) => Promise<Reply>): Promise<Reply> {
    const reply = await call(await this.token(role));
    if (reply.errcode !== 42001 || !this.autoRefresh) return reply;
    this.tokens.delete(role);
    return call(await this.token(role));
  }

  async raw(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body?: string,
  ): Promise<Reply> {
    const url = new URL(path, this.sim.url);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, { method, ...(body !== undefined ? { body } : {}) });
    return (await res.json()) as Reply;
  }
}
