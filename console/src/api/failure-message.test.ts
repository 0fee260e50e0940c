import { afterEach, describe, expect, it } from 'vitest';
import { failureCodeSchema, type Failure, type FailureCode, type FailureParams } from '@keeper/shared';
import { i18n } from '@/locales';
import { describeFailure } from './failure-message';

/** Each code with the values the server sends with it. */
const SAMPLES: Record<FailureCode, FailureParams> = {
  wecom_error: { errcode: 48002 },
  wecom_unreachable: { reason: 'timeout' },
  database_unavailable: {},
  running_elsewhere: {},
  no_departments_visible: {},
  no_members_visible: {},
  archive_key_missing: { keyVersion: 3 },
  archive_sdk_error: { sdkCode: 10009 },
  archive_sdk_host: { reason: 'start-failed' },
  archive_undecryptable: {},
  archive_malformed: {},
  malformed_event: {},
  unknown: {},
};

const failure = (code: FailureCode, params: FailureParams = SAMPLES[code]): Failure => ({
  code,
  params,
  detail: 'technical text in English',
});

/** Latin words a Chinese sentence may carry: product names and WeCom's own terms. */
const NAMES = new Set(['SDK', 'Secret', 'UserID', 'IP', 'ID', 'API']);
const englishWords = (text: string) => (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !NAMES.has(w));

describe('the wording of a background failure', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });

  it.each(failureCodeSchema.options)('words %s in Chinese, never as a key or in English', (code) => {
    const text = describeFailure(failure(code));
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toContain('failures.');
    expect(englishWords(text)).toEqual([]);
    expect(text).not.toContain('technical text');
  });

  it('carries the values a person needs: WeCom’s errcode with its hint, the key version, the SDK code', () => {
    expect(describeFailure(failure('wecom_error'))).toBe(
      '企业微信返回了错误（企业微信错误码 48002）：此 Secret 无权调用该接口：请在“客户联系 → 可调用接口的应用”中加入客守使用的自建应用，或改用客户联系的 Secret。',
    );
    expect(describeFailure(failure('wecom_error', { errcode: 12345 }))).toBe(
      '企业微信返回了错误（企业微信错误码 12345）',
    );
    expect(describeFailure(failure('wecom_unreachable'))).toBe(
      '无法连接企业微信：请求超时，企业微信没有及时应答。',
    );
    expect(describeFailure(failure('archive_key_missing'))).toContain('第 3 版公钥');
    expect(describeFailure(failure('archive_sdk_error'))).toBe(
      '会话存档 SDK 返回错误码 10009（服务器 IP 不在会话存档的可信 IP 中）',
    );
    expect(describeFailure(failure('archive_sdk_host'))).toBe(
      '会话存档 SDK 进程无法启动：请检查 SDK 库文件路径与服务器配置。',
    );
  });

  it('speaks English when the console does', () => {
    i18n.global.locale.value = 'en';
    expect(describeFailure(failure('running_elsewhere'))).toBe(
      'Another Keeper process was syncing, so this sync did nothing.',
    );
    expect(describeFailure(failure('wecom_unreachable', { reason: 'network' }))).toContain('network error');
  });
});
