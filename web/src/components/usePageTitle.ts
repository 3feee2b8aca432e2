import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets document.title to "<page> — entitled" in the current language; null leaves it as it is. */
export function usePageTitle(page: string | null) {
  const { t } = useTranslation();
  useEffect(() => {
    if (page !== null) document.title = t('app.pageTitle', { page });
  }, [page, t]);
}
