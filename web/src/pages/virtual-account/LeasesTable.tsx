import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { virtualAccountQueries } from '../../api/queries';
import { useApi } from '../../components/ApiContext';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { LoadMore } from '../../components/Pager';
import { EmptyState, Loading } from '../../components/StatusViews';

/** Who holds seats of the Virtual Account's floating licenses now, since when and until when (SPEC §8). */
export function LeasesTable({ accountId, vaId }: { accountId: string; vaId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const query = useInfiniteQuery(virtualAccountQueries.leases(api, accountId, vaId));
  const leases = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <>
      <h3>{t('vaPage.leases.title')}</h3>
      <p className="section-description">{t('vaPage.leases.intro')}</p>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && leases.length === 0 && <EmptyState>{t('vaPage.leases.empty')}</EmptyState>}
      {leases.length > 0 && (
        <DataTable caption={t('vaPage.leases.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.leases.device')}</th>
              <th scope="col">{t('vaPage.leases.serial')}</th>
              <th scope="col">{t('vaPage.leases.product')}</th>
              <th scope="col" className="cell-number">{t('vaPage.leases.seats')}</th>
              <th scope="col">{t('vaPage.leases.since')}</th>
              <th scope="col">{t('vaPage.leases.expires')}</th>
            </tr>
          </thead>
          <tbody>
            {leases.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.device_name}</th>
                <td>
                  <code>{l.device_serial}</code>
                </td>
                <td>{l.product}</td>
                <td className="cell-number">{fmt.number(l.count)}</td>
                <td className="cell-nowrap">
                  <time dateTime={l.created_at}>{fmt.dateTime(l.created_at)}</time>
                </td>
                <td className="cell-nowrap">
                  <time dateTime={l.expires_at}>{fmt.dateTime(l.expires_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <LoadMore query={query} />
    </>
  );
}
