import 'i18next';
import type en from './en.json';

// Typed keys: t('nav.orders') is checked against the English catalog at build
// time; the Vitest catalog test checks fr and de have the same keys.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
