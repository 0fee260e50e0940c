import { describe, expect, it } from 'vitest';
import {
  campaignKindSchema,
  campaignStatusSchema,
  materialKindSchema,
  ownerPolicySchema,
  staffMessageSchema,
  tagConditionSchema,
} from '@keeper/shared';
import { en } from '@/locales/en';
import { resolveMessage } from '@/locales/message-resolver';
import { zhCN } from '@/locales/zh-CN';
import { STEPS } from './campaigns/edit/campaign-form';

/** Every source file of the marketing pages (and the customer page's 群发记录), as text. */
const sources = {
  ...import.meta.glob<string>('./**/*.{vue,ts}', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('../customers/detail/ReachedCampaigns.vue', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
  ...import.meta.glob<string>('../../router/modules/marketing.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
};

/** Keys written out whole: `t('marketing.form.next')`, `translate('…')`, `label: 'recipientState.sent'`. */
function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const [file, text] of Object.entries(sources)) {
    if (file.endsWith('.test.ts')) continue;
    for (const match of text.matchAll(/\b(?:t|translate)\(\s*'([A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
    for (const match of text.matchAll(/(?:label|title): '([a-zA-Z]+\.[A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
    for (const match of text.matchAll(/return '(marketing\.[A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
  }
  return [...keys];
}

/** Keys built from a value of the contract: every value must have its words. */
function builtKeys(): string[] {
  const policies = ownerPolicySchema.options.map((option) => option.shape.policy.value);
  const msgtypes = staffMessageSchema.options.map((option) => option.shape.msgtype.value);
  return [
    ...campaignStatusSchema.options.flatMap((status) => [
      `campaignStatus.${status}`,
      `marketing.submitted.${status}`,
      `marketing.campaign.notYet.${status}`,
    ]),
    ...campaignKindSchema.options.flatMap((kind) => [
      `campaignKind.${kind}`,
      `marketing.kindHint.${kind}`,
      `marketing.review.audience.${kind}`,
    ]),
    ...materialKindSchema.options.flatMap((kind) =>
      ['addKind', 'fileLabel', 'fileHint', 'fileRequired'].map(
        (part) => `marketing.materials.${part}.${kind}`,
      ),
    ),
    ...policies.flatMap((policy) => [
      `marketing.ownerPolicy.${policy}`,
      `marketing.ownerPolicyHint.${policy}`,
    ]),
    ...tagConditionSchema.shape.mode.options.map((mode) => `marketing.tagMode.${mode}`),
    ...msgtypes.map((type) => `marketing.staffMsgtype.${type}`),
    ...STEPS.map((step) => `marketing.steps.${step}`),
    ...[0, 1, 2].map((gender) => `marketing.gender.g${gender}`),
  ];
}

describe('the marketing pages’ words', () => {
  it('exist in Chinese and in English for every key the pages use', () => {
    const keys = [...literalKeys(), ...builtKeys()];
    expect(keys.length).toBeGreaterThan(300);
    const missing = (messages: unknown) =>
      keys.filter((key) => typeof resolveMessage(messages, key) !== 'string');

    expect(missing(zhCN)).toEqual([]);
    expect(missing(en)).toEqual([]);
  });

  it('leave no Latin word on a Chinese marketing label but the names of things (Excel, Markdown, AppID, MB)', () => {
    const allowed = /\b(Excel|Markdown|AppID|MB|KB|ID|JPG|PNG|MP4|UTF|WeCom|state|http|https|N)\b/g;
    const english = (value: unknown, path: string): string[] =>
      typeof value === 'string'
        ? /[A-Za-z]{2,}/.test(value.replace(allowed, '').replace(/\{[a-z]+\}/g, ''))
          ? [path]
          : []
        : Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
            english(inner, `${path}.${key}`),
          );
    expect(english(zhCN.marketing, 'marketing')).toEqual([]);
  });
});
