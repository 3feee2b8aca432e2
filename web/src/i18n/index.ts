import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import type { Locale } from '../api/types';

export const SUPPORTED_LANGUAGES: readonly Locale[] = ['en', 'fr', 'de'];
export const DEFAULT_LANGUAGE: Locale = 'en';
/** Where the chosen language is remembered in the browser. */
export const LANGUAGE_STORAGE_KEY = 'entitled.language';

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  de: { translation: de },
} as const;

export function isSupportedLanguage(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser
  }
}

export function rememberLanguage(language: Locale): void {
  try {
    safeStorage()?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Quota or privacy mode: the choice then lasts for this page only.
  }
}

/** The remembered choice, else the browser's first supported language, else English. */
export function initialLanguage(): Locale {
  const stored = safeStorage()?.getItem(LANGUAGE_STORAGE_KEY);
  if (isSupportedLanguage(stored)) return stored;
  const preferred = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];
  for (const tag of preferred) {
    const primary = tag?.toLowerCase().split('-')[0];
    if (isSupportedLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/** The UI language as one of the supported codes (what Accept-Language carries). */
export function currentLanguage(): Locale {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isSupportedLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

function applyToDocument(lng: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = isSupportedLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

export function setupI18n(language: Locale = initialLanguage()) {
  if (!i18n.isInitialized) {
    i18n.on('languageChanged', applyToDocument);
    void i18n.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: SUPPORTED_LANGUAGES as Locale[],
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      initAsync: false,
      react: { useSuspense: false },
    });
    applyToDocument(language);
  } else if (i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
  return i18n;
}

export default i18n;
