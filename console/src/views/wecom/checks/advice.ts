import { ConnectionCheckId, ConnectionProblem, type ConnectionCheck } from '@keeper/shared';
import type { MessageKey } from '@/locales';
import { assertUnreachable } from '@/utils/assert-unreachable';

export interface CheckAdvice {
  /** What is wrong, in plain words. */
  problem: MessageKey;
  /** Where in WeCom's admin console (or on the server) to put it right. */
  fix: MessageKey;
}

/** Each Secret lives in a different place of the admin console; which one failed depends on the step. */
function secretFix(id: ConnectionCheck['id']): MessageKey {
  switch (id) {
    case ConnectionCheckId.ArchiveSecret:
    case ConnectionCheckId.Archive:
      return 'checks.fixes.wrongSecretArchive';
    case ConnectionCheckId.AgentSecret:
      return 'checks.fixes.wrongSecretAgent';
    default:
      return 'checks.fixes.wrongSecretContact';
  }
}

/** The words for a check that did not pass; null for one that did. */
export function adviceFor(check: ConnectionCheck): CheckAdvice | null {
  if (check.status === 'ok') return null;
  const problem = check.problem ?? ConnectionProblem.Other;
  switch (problem) {
    case ConnectionProblem.NotConfigured:
      // A skipped step names what it waited for; it is not necessarily a mistake.
      return {
        problem: check.status === 'skipped' ? 'checks.skipped' : 'checks.problems.not_configured',
        fix: 'checks.fixes.notConfigured',
      };
    case ConnectionProblem.WrongSecret:
      return { problem: 'checks.problems.wrong_secret', fix: secretFix(check.id) };
    case ConnectionProblem.WrongCorpId:
      return { problem: 'checks.problems.wrong_corp_id', fix: 'checks.fixes.wrongCorpId' };
    case ConnectionProblem.IpNotTrusted:
      return { problem: 'checks.problems.ip_not_trusted', fix: 'checks.fixes.ipNotTrusted' };
    case ConnectionProblem.AppNotAllowed:
      return { problem: 'checks.problems.app_not_allowed', fix: 'checks.fixes.appNotAllowed' };
    case ConnectionProblem.NoVisibility:
      return { problem: 'checks.problems.no_visibility', fix: 'checks.fixes.noVisibility' };
    case ConnectionProblem.CallbackNeverVerified:
      return {
        problem: 'checks.problems.callback_never_verified',
        fix: 'checks.fixes.callbackNeverVerified',
      };
    case ConnectionProblem.ArchiveNotEnabled:
      return { problem: 'checks.problems.archive_not_enabled', fix: 'checks.fixes.archiveNotEnabled' };
    case ConnectionProblem.ArchiveExpired:
      return { problem: 'checks.problems.archive_expired', fix: 'checks.fixes.archiveExpired' };
    case ConnectionProblem.Unreachable:
      return { problem: 'checks.problems.unreachable', fix: 'checks.fixes.unreachable' };
    case ConnectionProblem.Other:
      return { problem: 'checks.problems.other', fix: 'checks.fixes.other' };
    default:
      return assertUnreachable(problem);
  }
}

/** The URL to enter in WeCom: the console is served from PUBLIC_URL, so its origin is the best guess. */
export function callbackUrl(origin: string = globalThis.location.origin): string {
  return `${origin.replace(/\/+$/, '')}/wecom/callback`;
}
