import { useTranslation } from 'react-i18next';

/** Anything that belongs to one license pool of a product: device licenses or floating (leased) ones. */
export interface InPool {
  product: string;
  /** Missing from an older server: device. */
  license_model?: string;
}

export function isFloating(row: { license_model?: string }): boolean {
  return row.license_model === 'floating';
}

/** Whether a table needs its License model column: some row is floating. */
export function anyFloating(rows: readonly { license_model?: string }[]): boolean {
  return rows.some(isFloating);
}

/** A product has a line per pool, so the product alone is no key: "floating:ISE-BASE". */
export function poolKey(row: InPool): string {
  return `${row.license_model ?? 'device'}:${row.product}`;
}

/** The localized name of a license model ("Per device", "Floating"); unknown values shown as sent. */
export function useLicenseModelLabel() {
  const { t } = useTranslation();
  return (model: string | undefined) =>
    model === 'floating' ? t('licensing.model.floating') : !model || model === 'device' ? t('licensing.model.device') : model;
}

/** The small marker of a floating license (text, not colour alone). */
export function FloatingBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-floating">{t('licensing.model.floating')}</span>;
}
