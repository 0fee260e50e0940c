import { computed, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import { DEFAULT_LOCALE, ELEMENT_LOCALES, isLocale, setI18nLocale, type Locale } from '@/locales';

const STORAGE_KEY = 'keeper.console.app';

interface PersistedAppState {
  locale: Locale;
  sidebarCollapsed: boolean;
}

/** Tolerates a missing, old or hand-edited entry: a bad value falls back to the default, never breaks start-up. */
function readPersisted(): PersistedAppState {
  const fallback: PersistedAppState = { locale: DEFAULT_LOCALE, sidebarCollapsed: false };
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return fallback;
    const { locale, sidebarCollapsed } = raw as Record<string, unknown>;
    return {
      locale: isLocale(locale) ? locale : fallback.locale,
      sidebarCollapsed: typeof sidebarCollapsed === 'boolean' ? sidebarCollapsed : fallback.sidebarCollapsed,
    };
  } catch {
    return fallback;
  }
}

export const useAppStore = defineStore('app', () => {
  const saved = readPersisted();
  const locale = ref<Locale>(saved.locale);
  const sidebarCollapsed = ref(saved.sidebarCollapsed);

  const elementLocale = computed(() => ELEMENT_LOCALES[locale.value]);

  watch(locale, (value) => setI18nLocale(value), { immediate: true });
  watch([locale, sidebarCollapsed], () => {
    const state: PersistedAppState = { locale: locale.value, sidebarCollapsed: sidebarCollapsed.value };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  });

  function setLocale(value: Locale): void {
    locale.value = value;
  }

  function toggleSidebar(): void {
    sidebarCollapsed.value = !sidebarCollapsed.value;
  }

  return { locale, sidebarCollapsed, elementLocale, setLocale, toggleSidebar };
});
