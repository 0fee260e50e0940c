import {
  InMemoryTokenStore,
  unlimitedRateLimiter,
  WeComClient,
  WeComHttp,
  type WeComCredential,
  type WeComHttpOptions,
} from '@keeper/bot';
import { startSimulator, type RunningSimulator, type SimOptionsInput } from '@keeper/wecom-sim';

/** One request as the client put it on the wire (seen through the fetch it was given). */
export interface WireCall {
  readonly method: string;
  /** Path without the query string, e.g. `/cgi-bin/gettoken`. */
  readonly path: string;
  /** The access_token the call carried; undefined for gettoken. */
  readonly token: string | undefined;
}

/** A `fetch` that records every request before passing it on, so tests can count what the client really sent. */
export class WireLog {
  readonly calls: WireCall[] = [];

  readonly fetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    this.calls.push({
      method: init?.method ?? 'GET',
      path: url.pathname,
      token: url.searchParams.get('access_token') ?? undefined,
    });
    return fetch(input, init);
  };

  count(path: string): number {
    return this.calls.filter((call) => call.path === path).length;
  }

  tokensSent(): string[] {
    return [...new Set(this.calls.flatMap((call) => (call.token === undefined ? [] : [call.token])))];
  }

  clear(): void {
    this.calls.length = 0;
  }
}

/** The simulator plus one client per app secret, all over a single WeComHttp with a fast retry policy. */
export interface Harness {
  readonly sim: RunningSimulator;
  readonly http: WeComHttp;
  readonly wire: WireLog;
  readonly credentials: { contact: WeComCredential; archive: WeComCredential; agent: WeComCredential };
  readonly contact: WeComClient;
  readonly archive: WeComClient;
  readonly agent: WeComClient;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly sim?: SimOptionsInput;
  readonly http?: Omit<WeComHttpOptions, 'baseUrl' | 'fetch' | 'tokenStore'>;
}

/** Retries in milliseconds instead of seconds: the policy is the same, the suite stays fast. */
export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } as const;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, customers: 300, msgauditNotifyIntervalMs: 0, ...options.sim });
  const wire = new WireLog();
  const http = new WeComHttp({
    timeoutMs: 2_000,
    retry: FAST_RETRY,
    rateLimiter: unlimitedRateLimiter,
    ...options.http,
    baseUrl: sim.url,
    fetch: wire.fetch,
    tokenStore: new InMemoryTokenStore(),
  });
  const { corpId, secrets, agentId } = sim.config;
  const credentials = {
    contact: { corpId, secret: secrets.contact },
    archive: { corpId, secret: secrets.archive },
    agent: { corpId, secret: secrets.agent, agentId },
  };
  return {
    sim,
    http,
    wire,
    credentials,
    contact: new WeComClient(credentials.contact, http),
    archive: new WeComClient(credentials.archive, http),
    agent: new WeComClient(credentials.agent, http),
    close: () => sim.close(),
  };
}

/** Resolves with what the promise rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
