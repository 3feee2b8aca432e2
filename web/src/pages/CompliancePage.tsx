import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { LoadMore } from '../components/Pager';
import { TransfersTable } from './TransfersPage';
import { transferQueries } from '../api/queries';

/**
 * Compliance officers: the transfers waiting for compliance screening. Each
 * links to its transaction page, where the officer approves or rejects it.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  usePageTitle(t('compliance.title'));
  const query = useInfiniteQuery(transferQueries.list(api, { role: 'compliance', status: 'compliance_screening' }));
  const transfers = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <>
      <h1>{t('compliance.title')}</h1>
      <p className="lead">{t('compliance.description')}</p>
      <section aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('compliance.screening.title')}</h2>
        <p className="section-description">{t('compliance.screening.description')}</p>
        {query.isPending && <Loading />}
        {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        {query.isSuccess && transfers.length === 0 && <EmptyState>{t('compliance.empty')}</EmptyState>}
        {transfers.length > 0 && <TransfersTable transfers={transfers} caption={t('compliance.screening.caption')} />}
        <LoadMore query={query} />
      </section>
    </>
  );
}
