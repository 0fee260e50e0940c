import { apiErrorSchema, type ApiError } from '@keeper/shared';

/** Failures that never reach the server's error body: the client names them itself. */
export const ClientErrorCode = { Network: 'network_error', BadResponse: 'bad_response' } as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

/** Any zod schema (or anything else with `parse`); the console does not depend on zod directly. */
export interface ResponseSchema<T> {
  parse(data: unknown): T;
}

export interface RequestOptions<T> {
  method?: HttpMethod;
  /** Empty strings, null and undefined are left out, so a cleared filter simply disappears from the URL. */
  query?: Record<string, QueryValue>;
  /** JSON, or a `FormData` sent as multipart as it is (uploads). */
  body?: unknown;
  /** Validates the answer against the contract and gives the result its type. */
  schema?: ResponseSchema<T>;
  /** The caller shows the error itself: no toast and no redirect to the login page. */
  silent?: boolean;
  /** Non-2xx statuses whose body is a regular answer (`/healthz` answers 503 when degraded). */
  acceptStatus?: readonly number[];
}

export interface RequestContext {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Headers;
  readonly silent: boolean;
}

export type RequestInterceptor = (context: RequestContext) => void;
export type ErrorInterceptor = (error: ApiRequestError, context: RequestContext) => void;

export interface ApiRequestErrorDetails {
  hint?: string;
  requestId?: string;
  issues?: ApiError['issues'];
  /** From the Retry-After header of a 429. */
  retryAfterSeconds?: number;
  /** WeCom's own answer when WeCom refused a call the server made. */
  wecom?: ApiError['wecom'];
}

/** Every failed request rejects with this: the server's error body, or a client-side code. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  readonly status: number;
  /** An `ErrorCode` from the contract, a `ClientErrorCode`, or a code newer than this console. */
  readonly code: string;
  readonly hint: string | undefined;
  readonly requestId: string | undefined;
  readonly issues: ApiError['issues'];
  readonly retryAfterSeconds: number | undefined;
  readonly wecom: ApiError['wecom'];

  constructor(status: number, code: string, message: string, details: ApiRequestErrorDetails = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = details.hint;
    this.requestId = details.requestId;
    this.issues = details.issues;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.wecom = details.wecom;
  }
}

function buildUrl(base: string, path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Used when the error body is not the contract's (a proxy page, an empty body): the status says enough. */
function codeForStatus(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'too_many_attempts';
  // The dev proxy and load balancers answer 502–504 when the server itself is unreachable.
  if (status >= 502 && status <= 504) return ClientErrorCode.Network;
  return 'internal_error';
}

async function toError(response: Response): Promise<ApiRequestError> {
  const body = await readJson(response);
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, hint, requestId, issues, wecom } = parsed.data;
    return new ApiRequestError(response.status, code, message, {
      hint,
      requestId,
      issues,
      retryAfterSeconds,
      wecom,
    });
  }
  // A code this console does not know yet still carries a readable server message.
  if (typeof body === 'object' && body !== null && 'code' in body && 'message' in body) {
    const { code, message } = body;
    if (typeof code === 'string' && typeof message === 'string') {
      return new ApiRequestError(response.status, code, message, { retryAfterSeconds });
    }
  }
  return new ApiRequestError(
    response.status,
    codeForStatus(response.status),
    response.statusText || 'Error',
    {
      retryAfterSeconds,
    },
  );
}

export interface HttpClientOptions {
  baseUrl?: string;
}

export function createHttpClient(options: HttpClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const requestInterceptors: RequestInterceptor[] = [];
  const errorInterceptors: ErrorInterceptor[] = [];

  function register<F>(list: F[], interceptor: F): () => void {
    list.push(interceptor);
    return () => {
      const index = list.indexOf(interceptor);
      if (index >= 0) list.splice(index, 1);
    };
  }

  async function send<T>(path: string, options: RequestOptions<T>): Promise<T> {
    const method = options.method ?? 'GET';
    const headers = new Headers({ Accept: 'application/json' });
    // A form (a file upload) goes as multipart: the browser writes its Content-Type with the boundary.
    const isForm = options.body instanceof FormData;
    if (options.body !== undefined && !isForm) headers.set('Content-Type', 'application/json');
    const context: RequestContext = {
      method,
      url: buildUrl(baseUrl, path, options.query),
      headers,
      silent: options.silent ?? false,
    };
    for (const interceptor of requestInterceptors) interceptor(context);

    let response: Response;
    try {
      response = await globalThis.fetch(context.url, {
        method,
        headers,
        credentials: 'same-origin',
        body: isForm
          ? (options.body as FormData)
          : options.body === undefined
            ? undefined
            : JSON.stringify(options.body),
      });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw fail(new ApiRequestError(0, ClientErrorCode.Network, message), context);
    }

    if (!response.ok && !options.acceptStatus?.includes(response.status)) {
      throw fail(await toError(response), context);
    }
    const data = response.status === 204 ? undefined : await readJson(response);
    if (!options.schema) return data as T;
    try {
      return options.schema.parse(data);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : 'invalid response';
      throw fail(new ApiRequestError(response.status, ClientErrorCode.BadResponse, message), context);
    }
  }

  function fail(error: ApiRequestError, context: RequestContext): ApiRequestError {
    for (const interceptor of errorInterceptors) {
      try {
        interceptor(error, context);
      } catch (cause) {
        // A broken toast or redirect must not hide the original error from the caller.
        console.error(cause);
      }
    }
    return error;
  }

  type Options<T> = Omit<RequestOptions<T>, 'method'>;
  type BodyOptions<T> = Omit<RequestOptions<T>, 'method' | 'body'>;

  return {
    request: send,
    /** The address a request would use, for what the browser fetches itself (a download link). */
    url: (path: string, query?: Record<string, QueryValue>) => buildUrl(baseUrl, path, query),
    get: <T>(path: string, options: Options<T> = {}) => send(path, { ...options, method: 'GET' }),
    post: <T>(path: string, body?: unknown, options: BodyOptions<T> = {}) =>
      send(path, { ...options, body, method: 'POST' }),
    put: <T>(path: string, body?: unknown, options: BodyOptions<T> = {}) =>
      send(path, { ...options, body, method: 'PUT' }),
    patch: <T>(path: string, body?: unknown, options: BodyOptions<T> = {}) =>
      send(path, { ...options, body, method: 'PATCH' }),
    delete: <T>(path: string, options: Options<T> = {}) => send(path, { ...options, method: 'DELETE' }),
    interceptors: {
      request: { use: (interceptor: RequestInterceptor) => register(requestInterceptors, interceptor) },
      error: { use: (interceptor: ErrorInterceptor) => register(errorInterceptors, interceptor) },
    },
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;

/** The console's one client; `installRequestInterceptors` adds CSRF, toasts and the 401 redirect at start-up. */
export const http = createHttpClient();

/** Options every `api/*` function accepts. */
export interface ApiCallOptions {
  silent?: boolean;
}
