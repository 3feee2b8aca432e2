import { useTranslation } from 'react-i18next';

/** Formats RFC 3339 timestamps in the UI language; an unreadable value is shown as sent. */
export function useFormatDate() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  const format = (iso: string | null | undefined, options: Intl.DateTimeFormatOptions) => {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(lng, options).format(date);
  };
  return {
    date: (iso: string | null | undefined) => format(iso, { dateStyle: 'medium' }),
    dateTime: (iso: string | null | undefined) => format(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    number: (n: number) => new Intl.NumberFormat(lng).format(n),
  };
}
