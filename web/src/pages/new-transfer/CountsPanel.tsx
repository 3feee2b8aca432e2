import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { smartAccountQueries } from '../../api/queries';
import type { SmartAccountSummary } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading } from '../../components/StatusViews';
import { DataTable } from '../../components/DataTable';

/** The asset summary of a Smart Account, shown beside the search results ("Show Counts"). */
export function CountsPanel({ account, onClose }: { account: SmartAccountSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const id = useId();
  const query = useQuery(smartAccountQueries.assetSummary(api, account.id));
  const licenses = query.data?.licenses ?? [];
  const withShortage = licenses.some((l) => typeof l.shortage === 'number');
  return (
    <aside className="card side-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('transferWizard.source.countsTitle', { name: account.name })}</h3>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && (
        <>
          {licenses.length === 0 ? (
            <EmptyState>{t('account.counts.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('account.counts.caption')} region={false}>
              <thead>
                <tr>
                  <th scope="col">{t('account.counts.product')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.purchased')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.inUse')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.reserved')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.available')}</th>
                  {withShortage && <th scope="col" className="cell-number">{t('transferWizard.source.shortage')}</th>}
                </tr>
              </thead>
              <tbody>
                {licenses.map((l) => (
                  <tr key={l.product}>
                    <th scope="row">{l.product}</th>
                    <td className="cell-number">{fmt.number(l.purchased)}</td>
                    <td className="cell-number">{fmt.number(l.in_use)}</td>
                    <td className="cell-number">{fmt.number(l.reserved)}</td>
                    <td className="cell-number">{fmt.number(l.available)}</td>
                    {withShortage && <td className="cell-number">{fmt.number(l.shortage ?? 0)}</td>}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
          <p>{t('account.counts.devices', { devices: fmt.number(query.data.devices ?? 0) })}</p>
        </>
      )}
      <button type="button" className="button button-secondary button-small" onClick={onClose}>
        {t('account.counts.hide')}
      </button>
    </aside>
  );
}
