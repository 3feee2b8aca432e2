import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets document.title to "<page> — entitled" in the current language. */
export function usePageTitle(page: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.pageTitle', { page });
  }, [page, t]);
}
