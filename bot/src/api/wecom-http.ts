import { createHash, randomBytes } from 'node:crypto';
import { abortable } from './abortable';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './backoff';
import { silentLogger, type WeComLogger } from './logger';
import { DEFAULT_RATE_LIMIT, TokenBucketRateLimiter, type RateLimiter } from './rate-limiter';
import { InMemoryTokenStore, type TokenStore } from './token-store';
import { WeComError, WeComNetworkError } from './wecom-error';

/** One app secret of one corp: the customer-contact app, the archive secret, the bot's agent… */
export interface WeComCredential {
  readonly corpId: string;
  readonly secret: string;
  /** The app's AgentID, needed by message/send; absent for secrets without an app (archive, 客户联系). */
  readonly agentId?: number;
}

export interface WeComHttpOptions {
  /** Default https://qyapi.weixin.qq.com; the simulator serves the same paths elsewhere. */
  readonly baseUrl?: string;
  /** Per-request timeout, covering the response body too. Default 10 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly tokenStore?: TokenStore;
  /** Stop using a token this long before WeCom's expiry (capped at half its lifetime). Default 5 min. */
  readonly tokenRefreshMarginMs?: number;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: WeComLogger;
  /** Injectable for tests; defaults to the global fetch of Node 20. */
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly random?: () => number;
}

export type QueryValue = string | number | undefined;

export interface WeComRequest {
  readonly method: 'GET' | 'POST';
  /** Path under the base URL, e.g. `/cgi-bin/user/get`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as multipart/form-data instead of a JSON body (media uploads, protocol.md §13). */
  readonly upload?: WeComUpload;
  /** This call's timeout instead of the client's (uploads of up to 20 MB take longer than a query). */
  readonly timeoutMs?: number;
  /**
   * Whether doing the call twice is harmless. Calls that may have reached WeCom (timeouts, resets) are retried only
   * when idempotent; errcodes that mean "rejected" (-1, 45009, 45033) are retried either way.
   */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal;
}

/** One file as WeCom's upload APIs take it: a single part named `field`. */
export interface WeComUpload {
  readonly field: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}

/**
 * A call that WeCom may have carried out while its answer was lost (a timeout, a reset) is repeated only when
 * that is harmless, and the repeat can then find the work already done: a removal finds nothing to remove, a
 * create finds its names taken. Such an answer to a repeat means the call succeeded.
 */
export interface AlreadyDone<T> {
  /** The errcodes a repeat gets when an earlier attempt did the work. */
  readonly codes: ReadonlySet<number>;
  /** The reply the lost answer carried (read back from WeCom), or undefined when the work is not there. */
  settle(): Promise<T | undefined>;
}

/** Every WeCom reply carries these. */
export interface WeComReply {
  readonly errcode: number;
  readonly errmsg: string;
}

interface GetTokenReply extends WeComReply {
  readonly access_token?: unknown;
  readonly expires_in?: unknown;
}

/** The token was rejected: fetch a new one and retry once. 40001 here can be a stale token of a reset secret. */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
/** WeCom refused the call without doing it: safe to retry even for non-idempotent calls. */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45033]);
/** Failures that happen before a byte reaches WeCom; anything else may have been processed. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
const GETTOKEN_PATH = '/cgi-bin/gettoken';
const DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com';

/**
 * The HTTP layer shared by every {@link WeComClient}: one token cache, one rate limiter, one retry policy for all
 * credentials of the process. Tokens only ever travel in the query string and never reach the logger or an error.
 */
export class WeComHttp {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly tokenStore: TokenStore;
  private readonly refreshMarginMs: number;
  private readonly rateLimiter: RateLimiter;
  private readonly logger: WeComLogger;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  /** In-flight gettoken calls by token key: concurrent callers share one fetch. */
  private readonly tokenFetches = new Map<string, Promise<string>>();

  constructor(options: WeComHttpOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!Number.isInteger(this.retry.maxAttempts) || this.retry.maxAttempts < 1) {
      throw new RangeError('retry.maxAttempts must be a positive integer');
    }
    this.now = options.now ?? Date.now;
    this.tokenStore = options.tokenStore ?? new InMemoryTokenStore(this.now);
    this.refreshMarginMs = options.tokenRefreshMarginMs ?? 5 * 60_000;
    this.rateLimiter = options.rateLimiter ?? new TokenBucketRateLimiter({ default: DEFAULT_RATE_LIMIT });
    this.logger = options.logger ?? silentLogger;
    this.fetchImpl = options.fetch ?? fetch;
    this.random = options.random ?? Math.random;
  }

  /**
   * Calls an API with the credential's access token; resolves with the reply when errcode is 0, or when a
   * repeat finds that an earlier attempt whose answer was lost did the work (`alreadyDone`).
   */
  async call<T extends WeComReply>(
    credential: WeComCredential,
    request: WeComRequest,
    alreadyDone?: AlreadyDone<T>,
  ): Promise<T> {
    let tokenRenewed = false;
    let attempt = 1;
    /** An earlier attempt may have reached WeCom and done the work; only its answer is missing. */
    let mayHaveLanded = false;
    for (;;) {
      const token = await this.accessToken(credential, request.signal);
      try {
        return await this.attempt<T>(credential, request, token, [token, credential.secret]);
      } catch (error) {
        if (error instanceof WeComError && mayHaveLanded && alreadyDone?.codes.has(error.code)) {
          const settled = await alreadyDone.settle();
          if (settled === undefined) throw error;
          this.logger.info(
            { path: request.path, attempt, errcode: error.code },
            'an earlier attempt whose answer was lost had done the work',
          );
          return settled;
        }
        if (error instanceof WeComNetworkError && error.maybeProcessed) mayHaveLanded = true;
        if (error instanceof WeComError && TOKEN_REJECTED.has(error.code) && !tokenRenewed) {
          // Renewing does not count as an attempt, and happens once: a second rejection is a real error.
          tokenRenewed = true;
          this.logger.info(
            { corpId: credential.corpId, path: request.path, errcode: error.code },
            'token rejected, renewing',
          );
          await this.invalidateToken(credential, token);
          continue;
        }
        if (!this.shouldRetry(error, request, attempt)) throw error;
        await this.pause(error, request, attempt);
        attempt += 1;
      }
    }
  }

  /** The cached token, fetched when absent or about to expire. Server-side use only: never send it to a browser. */
  async accessToken(credential: WeComCredential, signal?: AbortSignal): Promise<string> {
    const key = tokenKey(credential);
    const cached = await this.tokenStore.get(key);
    if (cached !== null && cached.expiresAt > this.now()) return cached.token;

    let pending = this.tokenFetches.get(key);
    if (pending === undefined) {
      pending = this.fetchToken(credential, key).finally(() => this.tokenFetches.delete(key));
      this.tokenFetches.set(key, pending);
    }
    return abortable(pending, signal);
  }

  /** Forgets `staleToken` unless another caller already replaced it (so one rejection does not cause a stampede). */
  async invalidateToken(credential: WeComCredential, staleToken: string): Promise<void> {
    const key = tokenKey(credential);
    const current = await this.tokenStore.get(key);
    if (current?.token === staleToken) await this.tokenStore.delete(key);
  }

  private async fetchToken(credential: WeComCredential, key: string): Promise<string> {
    const request: WeComRequest = {
      method: 'GET',
      path: GETTOKEN_PATH,
      query: { corpid: credential.corpId, corpsecret: credential.secret },
      idempotent: true,
    };
    // gettoken errors are never "token rejected": 40001 here means a wrong secret, so there is no renew loop.
    let attempt = 1;
    let reply: GetTokenReply;
    for (;;) {
      try {
        reply = await this.attempt<GetTokenReply>(credential, request, undefined, [credential.secret]);
        break;
      } catch (error) {
        if (!this.shouldRetry(error, request, attempt)) throw error;
        await this.pause(error, request, attempt);
        attempt += 1;
      }
    }
    const { access_token: token, expires_in: expiresIn } = reply;
    if (typeof token !== 'string' || token.length === 0 || typeof expiresIn !== 'number' || expiresIn <= 0) {
      throw new WeComNetworkError(
        'bad_response',
        GETTOKEN_PATH,
        'gettoken reply has no usable access_token',
        {
          retryable: false,
          maybeProcessed: false,
        },
      );
    }
    const lifetimeMs = expiresIn * 1000;
    // A short-lived token (the simulator, tests) must not be refreshed on every call: cap the margin at half.
    const usableMs = lifetimeMs - Math.min(this.refreshMarginMs, lifetimeMs / 2);
    await this.tokenStore.set(key, { token, expiresAt: this.now() + usableMs }, usableMs);
    this.logger.info({ corpId: credential.corpId, expiresIn }, 'fetched WeCom access token');
    return token;
  }

  private shouldRetry(error: unknown, request: WeComRequest, attempt: number): boolean {
    if (attempt >= this.retry.maxAttempts) return false;
    if (error instanceof WeComError) return RETRYABLE_ERRCODES.has(error.code);
    if (error instanceof WeComNetworkError) {
      return error.retryable && (request.idempotent || !error.maybeProcessed);
    }
    return false;
  }

  private async pause(error: unknown, request: WeComRequest, attempt: number): Promise<void> {
    const delayMs = Math.round(backoffDelay(attempt, this.retry, this.random));
    this.logger.warn(
      {
        path: request.path,
        attempt,
        delayMs,
        errcode: error instanceof WeComError ? error.code : undefined,
        kind: error instanceof WeComNetworkError ? error.kind : undefined,
      },
      'WeCom call failed, retrying',
    );
    await sleep(delayMs, request.signal);
  }

  /** One HTTP exchange. `secrets` are scrubbed from anything WeCom echoes into errmsg. */
  private async attempt<T extends WeComReply>(
    credential: WeComCredential,
    request: WeComRequest,
    token: string | undefined,
    secrets: readonly string[],
  ): Promise<T> {
    const { path } = request;
    await this.rateLimiter.acquire(`${credential.corpId} ${path}`, request.signal);

    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    if (token !== undefined) url.searchParams.set('access_token', token);

    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = this.now();
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(url, { method: request.method, ...encodeBody(request), signal });
      status = response.status;
      // Reading the body is covered by the same signal: a server that stalls mid-body also times out.
      text = await response.text();
    } catch (error) {
      throw this.transportError(error, request, timeout);
    }

    if (status < 200 || status >= 300) {
      throw new WeComNetworkError('http_status', path, `HTTP ${status}`, {
        status,
        retryable: status >= 500 || status === 429,
        maybeProcessed: true,
      });
    }
    const reply = parseReply(text);
    if (reply === undefined) {
      throw new WeComNetworkError('bad_response', path, 'reply is not a WeCom JSON object', {
        status,
        retryable: false,
        maybeProcessed: true,
      });
    }
    this.logger.debug(
      { method: request.method, path, errcode: reply.errcode, durationMs: this.now() - started },
      'WeCom call',
    );
    if (reply.errcode !== 0) {
      const { errcode: _code, errmsg: _message, ...details } = reply as WeComReply & Record<string, unknown>;
      throw new WeComError(reply.errcode, scrub(reply.errmsg, secrets), path, details);
    }
    return reply as T;
  }

  private transportError(error: unknown, request: WeComRequest, timeout: AbortSignal): WeComNetworkError {
    const { path } = request;
    if (request.signal?.aborted) {
      return new WeComNetworkError('aborted', path, 'aborted by the caller', {
        retryable: false,
        maybeProcessed: true,
      });
    }
    if (timeout.aborted) {
      const timeoutMs = request.timeoutMs ?? this.timeoutMs;
      return new WeComNetworkError('timeout', path, `no response within ${timeoutMs} ms`, {
        retryable: true,
        maybeProcessed: true,
      });
    }
    const code = errorCode(error);
    // The cause is kept for diagnosis; undici's errors name the host and port, never the URL with its query.
    return new WeComNetworkError('network', path, `network error${code ? ` (${code})` : ''}`, {
      retryable: true,
      maybeProcessed: code === undefined || !NOT_SENT_CODES.has(code),
      cause: error,
    });
  }
}

/** The store key: per corp and secret, with the secret hashed so it never lands in Redis keys or logs. */
export function tokenKey(credential: WeComCredential): string {
  const secretHash = createHash('sha256').update(credential.secret).digest('hex').slice(0, 16);
  return `wecom:access_token:${credential.corpId}:${secretHash}`;
}

/** The request's body and its content type: JSON, a multipart upload, or nothing. */
function encodeBody(request: WeComRequest): {
  headers?: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | string;
} {
  if (request.upload) {
    const boundary = `----KeeperBoundary${randomBytes(16).toString('hex')}`;
    return {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipartBody(request.upload, boundary),
    };
  }
  if (request.body === undefined) return {};
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) };
}

/**
 * One file part, written by hand rather than with FormData: WeCom's documented form carries `filelength` in the
 * part's Content-Disposition, which FormData has no way to add. The file name goes as UTF-8 (Chinese names), with
 * quotes and line breaks escaped as browsers do (WHATWG multipart/form-data encoding).
 */
function multipartBody(upload: WeComUpload, boundary: string): Uint8Array<ArrayBuffer> {
  const name = upload.fileName.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${upload.field}"; filename="${name}"; filelength=${upload.data.byteLength}\r\n` +
    `Content-Type: ${upload.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), upload.data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}

function parseReply(text: string): WeComReply | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  // Some successful replies omit errcode; WeCom always sends it on failure.
  const errcode = record.errcode ?? 0;
  if (typeof errcode !== 'number') return undefined;
  const errmsg = typeof record.errmsg === 'string' ? record.errmsg : '';
  return { ...record, errcode, errmsg } as WeComReply;
}

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce(
    (result, secret) => (secret ? result.replaceAll(secret, '[redacted]') : result),
    text,
  );
}

function errorCode(error: unknown): string | undefined {
  // undici wraps the system error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (typeof current === 'object' && 'code' in current && typeof current.code === 'string')
      return current.code;
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
