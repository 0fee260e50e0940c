import { createI18n } from 'vue-i18n';
import elementEn from 'element-plus/es/locale/lang/en';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn';
import { en } from './en';
import { resolveMessage } from './message-resolver';
import { zhCN, type MessageKey } from './zh-CN';

export type { LocaleMessages, MessageKey } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const LOCALE_LABELS: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Element Plus ships its own strings (pagination, date picker, empty table); they follow the console locale. */
export const ELEMENT_LOCALES = { 'zh-CN': elementZhCn, en: elementEn } as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
  messageResolver: resolveMessage,
  // A missing key is a bug caught by the types; the runtime warnings would only repeat it.
  missingWarn: false,
  fallbackWarn: false,
});

export function setI18nLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** Translate outside components (stores, the HTTP client, form rules). */
export function translate(key: MessageKey, named: Record<string, unknown> = {}): string {
  return i18n.global.t(key, named);
}
