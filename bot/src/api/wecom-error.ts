/**
 * Plain-words hints for the errors people hit while setting WeCom up or running it, so the console can say what to
 * do instead of showing a bare number. Wording: English, with the Chinese names of the WeCom admin console pages.
 */
const hints: Readonly<Record<number, string>> = {
  [-1]: 'WeCom is busy (系统繁忙); the call was retried. Try again shortly.',
  40001:
    'Wrong secret (invalid credential): the secret is mistyped, was reset, or the app is disabled. Copy it again from ' +
    'the WeCom admin console (应用管理 → the app, 客户联系 → API, or 管理工具 → 会话内容存档). Repeated failures block the IP for an hour.',
  40013: 'Wrong corpid: use 我的企业 → 企业信息 → 企业ID.',
  40014: 'Invalid access_token (or a token of another app); the client refreshes it automatically.',
  40029: 'The OAuth code is invalid or was already used (codes are single-use and live 5 minutes).',
  40058: 'WeCom rejected a parameter (bad JSON, too long, or GET where POST is required).',
  40096: 'Invalid external_userid: the customer id is wrong or belongs to another corp or app.',
  40097: 'The handover member has not left the corp: use on-duty transfer (在职继承) instead.',
  40128: 'This customer was already transferred twice within 90 days (在职继承 limit).',
  40129: 'This customer is being transferred already.',
  40130: 'The handover and takeover member are the same person.',
  41050: 'The welcome code is invalid or expired (it lives 20 seconds).',
  41051: 'The member and the customer have already chatted: no welcome message can be sent.',
  42001: 'The access_token expired; the client refreshes it automatically.',
  45009:
    'WeCom rate limit hit (api freq out of limit). The block lasts as long as the exceeded window (up to an hour): ' +
    'lower the call rate and wait.',
  45033: 'Too many concurrent calls to this API: lower the concurrency.',
  48002:
    'This API is not allowed for this secret. For customer APIs, list the self-built app under 客户联系 → 可调用接口的应用 ' +
    '(or use the 客户联系 secret); for archive APIs use the 会话内容存档 secret; check the app has the API permission.',
  50001: 'redirect_uri is not a trusted domain of the app (应用 → 网页授权及JS-SDK / 可信域名).',
  60011: "No privilege: the member or department is outside the app's visible range (可见范围).",
  60020:
    'The server\'s IP is not trusted: add the "from ip" address of the error message to the app\'s 企业可信IP list.',
  60111: 'The UserID does not exist in the directory.',
  81013: "All recipients are invalid or outside the app's visible range.",
  84061: 'No external-contact relationship: the member deleted this customer, or never added them.',
  84074: 'No customer-contact permission: enable 客户联系 for the app and the member.',
  301052: 'The chat archive service (会话内容存档) has expired: renew it in the WeCom admin console.',
  301053:
    'Chat archive (会话内容存档) is not enabled for this corp, or the secret is not the archive secret: enable it under ' +
    "管理工具 → 会话内容存档 and use that page's secret.",
  301058: 'The archive request is too large: ask for fewer items.',
};

export function hintFor(code: number): string | undefined {
  return hints[code];
}

/**
 * WeCom answered with a non-zero errcode. `path` never includes the query string (the token lives there), and the
 * message is built only from the code, WeCom's errmsg (with any credential text removed) and the path.
 */
export class WeComError extends Error {
  override readonly name = 'WeComError';
  readonly code: number;
  readonly errmsg: string;
  readonly path: string;
  readonly hint: string | undefined;
  /**
   * The rest of WeCom's reply: some errors say which items failed (81013 with `invaliduser`, 41048 with
   * `fail_list`), and callers need that to tell a person which recipients or customers were refused.
   */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: number, errmsg: string, path: string, details: Readonly<Record<string, unknown>> = {}) {
    super(`WeCom ${path} failed with errcode ${code}: ${errmsg}`);
    this.code = code;
    this.errmsg = errmsg;
    this.path = path;
    this.hint = hintFor(code);
    this.details = details;
  }
}

export type WeComNetworkErrorKind =
  /** No response within the per-request timeout. */
  | 'timeout'
  /** DNS, connection refused or reset, TLS… */
  | 'network'
  /** An HTTP status other than 2xx (WeCom answers business errors with 200). */
  | 'http_status'
  /** The body was not the JSON object WeCom always sends. */
  | 'bad_response'
  /** The caller's AbortSignal fired. */
  | 'aborted';

/** WeCom could not be reached or answered with something that is not a WeCom reply. */
export class WeComNetworkError extends Error {
  override readonly name = 'WeComNetworkError';
  readonly kind: WeComNetworkErrorKind;
  readonly path: string;
  readonly status: number | undefined;
  /** Worth retrying: a later attempt may succeed. */
  readonly retryable: boolean;
  /**
   * The request may have reached WeCom before it failed (a timeout, a reset). A non-idempotent call (send a
   * message, start a transfer) is then not retried automatically, to avoid doing it twice.
   */
  readonly maybeProcessed: boolean;

  constructor(
    kind: WeComNetworkErrorKind,
    path: string,
    message: string,
    details: { status?: number; retryable: boolean; maybeProcessed: boolean; cause?: unknown },
  ) {
    super(`WeCom ${path}: ${message}`, { cause: details.cause });
    this.kind = kind;
    this.path = path;
    this.status = details.status;
    this.retryable = details.retryable;
    this.maybeProcessed = details.maybeProcessed;
  }
}
