import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { smartAccountQueries } from '../../api/queries';
import type { SmartAccountSummary } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AssetCountsTable } from '../../components/AssetCountsTable';
import { Loading } from '../../components/StatusViews';

/** The asset summary of a Smart Account, shown beside the search results ("Show Counts"). */
export function CountsPanel({ account, onClose }: { account: SmartAccountSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const query = useQuery(smartAccountQueries.assetSummary(api, account.id));
  return (
    <aside className="card side-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('transferWizard.source.countsTitle', { name: account.name })}</h3>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && (
        <AssetCountsTable
          summary={query.data}
          withShortage={query.data.licenses.some((l) => typeof l.shortage === 'number')}
        />
      )}
      <button type="button" className="button button-secondary button-small" onClick={onClose}>
        {t('account.counts.hide')}
      </button>
    </aside>
  );
}
