import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { virtualAccountQueries } from '../../api/queries';
import type { LicenseSummaryRow } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading } from '../../components/StatusViews';
import { orderPath } from '../../components/orderLabels';
import { LoadMore } from '../../components/Pager';
import { DataTable } from '../../components/DataTable';
import { anyFloating, poolKey, useLicenseModelLabel } from '../../components/licenseModel';
import { useAssetLabels } from './assetLabels';

export function SummaryTable({ rows }: { rows: LicenseSummaryRow[] }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const modelLabel = useLicenseModelLabel();
  // A product may have two lines, its device pool and its floating pool: then the model tells them apart.
  const withModel = anyFloating(rows);
  return (
    <DataTable caption={t('vaPage.summary.caption')} region={false}>
      <thead>
        <tr>
          <th scope="col">{t('vaPage.summary.product')}</th>
          {withModel && <th scope="col">{t('licensing.model.column')}</th>}
          <th scope="col" className="cell-number">{t('vaPage.summary.purchased')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.inUse')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.reserved')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.available')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.shortage')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={poolKey(r)} className={r.shortage > 0 ? 'row-shortage' : undefined}>
            <th scope="row">{r.product}</th>
            {withModel && <td>{modelLabel(r.license_model)}</td>}
            <td className="cell-number">{fmt.number(r.purchased)}</td>
            <td className="cell-number">{fmt.number(r.in_use)}</td>
            <td className="cell-number">{fmt.number(r.reserved)}</td>
            <td className="cell-number">{fmt.number(r.available)}</td>
            <td className="cell-number">
              {r.shortage > 0 ? (
                <>
                  <strong>{fmt.number(r.shortage)}</strong>{' '}
                  <span className="badge badge-shortage">{t('vaPage.summary.shortageBadge')}</span>
                </>
              ) : (
                fmt.number(r.shortage)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function LotsTable({ accountId, vaId }: { accountId: string; vaId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useAssetLabels();
  const modelLabel = useLicenseModelLabel();
  const query = useInfiniteQuery(virtualAccountQueries.licenses(api, accountId, vaId));
  const lots = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const withModel = anyFloating(lots);
  return (
    <>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && lots.length === 0 && <EmptyState>{t('vaPage.lots.empty')}</EmptyState>}
      {lots.length > 0 && (
        <DataTable caption={t('vaPage.lots.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.lots.product')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.quantity')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.inUse')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.reserved')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.available')}</th>
              <th scope="col">{t('vaPage.lots.type')}</th>
              <th scope="col">{t('vaPage.lots.buyingModel')}</th>
              {withModel && <th scope="col">{t('licensing.model.column')}</th>}
              <th scope="col">{t('vaPage.lots.starts')}</th>
              <th scope="col">{t('vaPage.lots.ends')}</th>
              <th scope="col">{t('vaPage.lots.source')}</th>
            </tr>
          </thead>
          <tbody>
            {lots.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  {l.product}
                  {l.expired && (
                    <>
                      {' '}
                      <span className="badge badge-failed">{t('vaPage.lots.expired')}</span>
                    </>
                  )}
                </th>
                <td className="cell-number">{fmt.number(l.quantity)}</td>
                <td className="cell-number">{fmt.number(l.in_use)}</td>
                <td className="cell-number">{fmt.number(l.reserved)}</td>
                <td className="cell-number">{fmt.number(l.available)}</td>
                <td>{labels.licenseType(l.license_type)}</td>
                <td>{labels.buyingModel(l.buying_model)}</td>
                {withModel && <td>{modelLabel(l.license_model)}</td>}
                <td className="cell-nowrap">{l.starts_at ? fmt.date(l.starts_at) : t('common.none')}</td>
                <td className="cell-nowrap">{l.ends_at ? fmt.date(l.ends_at) : t('vaPage.lots.noEnd')}</td>
                <td className="cell-nowrap">
                  {l.source ? (
                    <Link to={orderPath(l.source.order)}>
                      {t('vaPage.lots.sourceValue', { order: l.source.order, line: l.source.line_number })}
                    </Link>
                  ) : (
                    t('common.none')
                  )}
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
