import { WeComError, WeComNetworkError } from '@keeper/bot';
import { ErrorCode } from '@keeper/shared';
import { AppError } from './app-error';

/** WeCom turned the call away for its load, not for what was asked: trying later may work. */
const BUSY = new Set([-1, 45009, 45033]);

/**
 * WeCom refused Keeper itself — its secrets, its app's permissions, its IP, the app's visible range, an
 * expired service — not the request: no retry by the user helps, an administrator must change the setup.
 */
const SETUP = new Set([
  40001, 40013, 40014, 41001, 41002, 41004, 42001, 48002, 50001, 60011, 60020, 84074, 92000, 301052, 301053,
  610004,
]);

/**
 * The one place a failed WeCom call becomes an answer. WeCom's business errors are not Keeper's own failures:
 * they become a 4xx (WeCom refused what was asked) or a 502 (WeCom refused Keeper's setup, or could not be
 * reached), carrying WeCom's errcode so the console can say what it means and what to do.
 */
export function fromWeComFailure(error: WeComError | WeComNetworkError): AppError {
  if (error instanceof WeComNetworkError) {
    return new AppError(ErrorCode.WeComUnavailable, `WeCom could not be reached (${error.kind})`);
  }
  const wecom = { errcode: error.code, errmsg: error.errmsg };
  const options = { wecom, ...(error.hint ? { hint: error.hint } : {}) };
  if (BUSY.has(error.code)) {
    return new AppError(ErrorCode.WeComUnavailable, `WeCom is busy (errcode ${error.code})`, options);
  }
  if (SETUP.has(error.code)) {
    return new AppError(
      ErrorCode.WeComSetup,
      `WeCom refused Keeper's credentials or permissions (errcode ${error.code})`,
      options,
    );
  }
  return new AppError(ErrorCode.WeComRejected, `WeCom refused the request (errcode ${error.code})`, options);
}

export function isWeComFailure(error: unknown): error is WeComError | WeComNetworkError {
  return error instanceof WeComError || error instanceof WeComNetworkError;
}
