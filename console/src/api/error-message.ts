import { ErrorCode } from '@keeper/shared';
import { i18n, translate } from '@/locales';
import { ApiRequestError } from './request';

function formatWait(seconds: number): string {
  return seconds < 60
    ? translate('errorExtra.seconds', { n: seconds })
    : translate('errorExtra.minutes', { n: Math.ceil(seconds / 60) });
}

/**
 * The message a user sees for a failed request: the translation of its code, or the server's own message when
 * the code is newer than this console.
 */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiRequestError)) return translate('errors.internal_error');
  if (error.code === ErrorCode.TooManyAttempts && error.retryAfterSeconds) {
    return translate('errorExtra.tooManyAttemptsWait', { wait: formatWait(error.retryAfterSeconds) });
  }
  const key = `errors.${error.code}`;
  if (!i18n.global.te(key)) return error.message;
  const message = i18n.global.t(key);
  if (error.wecom) return `${message}${describeWeComRefusal(error.wecom.errcode)}`;
  // Field problems are checked in the forms first; if the server still finds one, name the field.
  const issues = error.issues?.map((issue) =>
    issue.path ? `${issue.path}: ${issue.message}` : issue.message,
  );
  return issues?.length ? `${message}: ${issues.join('; ')}` : message;
}

/**
 * WeCom's errcode, and what it means and what to do where the console knows the code: the person can act on it
 * or quote the code to whoever runs the WeCom admin console.
 */
export function describeWeComRefusal(errcode: number): string {
  const hintKey = `wecomHints.e${errcode}`;
  if (!i18n.global.te(hintKey)) return translate('errorExtra.wecomCode', { errcode });
  return translate('errorExtra.wecomCodeWithHint', { errcode, hint: i18n.global.t(hintKey) });
}
