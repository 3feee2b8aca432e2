import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';

type Section = 'cases';

/** A section's page: its heading, what it is for, and (until it lists anything) its empty state. */
export function SectionPage({ section }: { section: Section }) {
  const { t } = useTranslation();
  const title = t(`${section}.title`);
  usePageTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{t(`${section}.description`)}</p>
      <EmptyState>{t(`${section}.empty`)}</EmptyState>
    </>
  );
}

