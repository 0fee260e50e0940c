import { describe, expect, it } from 'vitest';
import { en } from '@/locales/en';
import { resolveMessage } from '@/locales/message-resolver';
import { zhCN } from '@/locales/zh-CN';
import { WEEKDAYS } from './channel-form';

/** Every source file of the 渠道活码 page, and its route, as text. */
const sources = {
  ...import.meta.glob<string>('./**/*.{vue,ts}', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('../../../router/modules/customers.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
};

/** Keys written out whole: `t('channels.form.name')`, `translate('…')`, `title: 'menu.channels'`. */
function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const [file, text] of Object.entries(sources)) {
    if (file.endsWith('.test.ts')) continue;
    for (const match of text.matchAll(/\b(?:t|translate)\(\s*'([A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
    for (const match of text.matchAll(/(?:label|title): '([a-zA-Z]+\.[A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
    for (const match of text.matchAll(/'(channels\.[A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
  }
  return [...keys];
}

/** Keys built from a value: every weekday and both retention columns must have their words. */
function builtKeys(): string[] {
  return [
    ...WEEKDAYS.map((day) => `channels.weekday.w${day}`),
    ...['kept7', 'kept30'].map((key) => `channels.${key}`),
  ];
}

describe('the 渠道活码 page’s words', () => {
  it('exist in Chinese and in English for every key the page uses', () => {
    const keys = [...literalKeys(), ...builtKeys()];
    expect(keys.length).toBeGreaterThan(60);
    const missing = (messages: unknown) =>
      keys.filter((key) => typeof resolveMessage(messages, key) !== 'string');

    expect(missing(zhCN)).toEqual([]);
    expect(missing(en)).toEqual([]);
  });

  it('leave no Latin word on a Chinese label but the examples and names of things', () => {
    const allowed = /\b(expo|WeCom|state|ID)\b/g;
    const english = (value: unknown, path: string): string[] =>
      typeof value === 'string'
        ? /[A-Za-z]{2,}/.test(value.replace(allowed, '').replace(/\{[a-z]+\}/g, ''))
          ? [path]
          : []
        : Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
            english(inner, `${path}.${key}`),
          );
    expect(english(zhCN.channels, 'channels')).toEqual([]);
    expect(zhCN.menu.channels).toBe('渠道活码');
  });
});
