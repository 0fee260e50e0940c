import { FailureCode, type Failure } from '@keeper/shared';
import { i18n, translate, type MessageKey } from '@/locales';
import { describeWeComRefusal } from './error-message';

const UNREACHABLE_REASONS: Record<string, MessageKey> = {
  timeout: 'wecomUnreachableReasons.timeout',
  network: 'wecomUnreachableReasons.network',
  http_status: 'wecomUnreachableReasons.http_status',
  bad_response: 'wecomUnreachableReasons.bad_response',
  aborted: 'wecomUnreachableReasons.aborted',
};

const SDK_HOST_REASONS: Record<string, MessageKey> = {
  crashed: 'sdkHostReasons.crashed',
  timeout: 'sdkHostReasons.timeout',
  closed: 'sdkHostReasons.closed',
  'start-failed': 'sdkHostReasons.startFailed',
};

/**
 * What a failed background job (a sync, the archive puller, a callback handler) means, in the reader's language:
 * the wording of its code with the values it carries. WeCom's errcodes get the same hints as a refused request.
 * The server's technical text is not part of it: pages show it apart, as a detail line.
 */
export function describeFailure(failure: Failure): string {
  const { params } = failure;
  switch (failure.code) {
    case FailureCode.WeComError: {
      const said = translate('failures.wecom_error');
      return params.errcode === undefined ? said : `${said}${describeWeComRefusal(params.errcode)}`;
    }
    case FailureCode.WeComUnreachable:
      return translate('failures.wecom_unreachable', {
        reason: translate(UNREACHABLE_REASONS[params.reason ?? ''] ?? 'wecomUnreachableReasons.other'),
      });
    case FailureCode.ArchiveSdkHost:
      return translate('failures.archive_sdk_host', {
        reason: translate(SDK_HOST_REASONS[params.reason ?? ''] ?? 'sdkHostReasons.other'),
      });
    case FailureCode.ArchiveSdkError: {
      const said = translate('failures.archive_sdk_error', { sdkCode: params.sdkCode ?? '' });
      const meaningKey = `sdkCodes.e${params.sdkCode}`;
      if (!i18n.global.te(meaningKey)) return said;
      return `${said}${translate('failureExtra.sdkCodeMeaning', { meaning: i18n.global.t(meaningKey) })}`;
    }
    case FailureCode.ArchiveKeyMissing:
      return translate('failures.archive_key_missing', { keyVersion: params.keyVersion ?? '' });
    default:
      return translate(`failures.${failure.code}`);
  }
}
