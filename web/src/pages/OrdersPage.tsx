import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormatDate } from '../components/format';
import { exportHoldOf, HoldBadges, orderPath } from '../components/orderLabels';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { LoadMore } from '../components/Pager';
import { DataTable } from '../components/DataTable';
import { orderQueries } from '../api/queries';

/**
 * The caller's orders (GET /orders), or the results of the header's global
 * search (/orders?q=…); either can be narrowed to orders on Smart Account hold.
 */
export function OrdersPage() {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const onHold = params.get('sa_hold') === 'true';
  usePageTitle(q ? t('orders.captionSearch', { q }) : t('orders.title'));

  const query = useInfiniteQuery(orderQueries.list(api, { q, sa_hold: onHold }));
  const orders = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  const setOnHold = (checked: boolean) => {
    const next = new URLSearchParams(params);
    if (checked) next.set('sa_hold', 'true');
    else next.delete('sa_hold');
    setParams(next);
  };

  const caption = q ? t('orders.captionSearch', { q }) : t('orders.caption');
  const empty = q ? t('orders.emptySearch', { q }) : onHold ? t('orders.emptyOnHold') : t('orders.empty');

  return (
    <>
      <h1>{t('orders.title')}</h1>
      <p className="lead">{t('orders.description')}</p>
      <div className="filter-form" role="group" aria-label={t('orders.filterLabel')}>
        <label className="check-field">
          <input type="checkbox" name="sa_hold" checked={onHold} onChange={(e) => setOnHold(e.target.checked)} />
          <span>{t('orders.onlyOnHold')}</span>
        </label>
        {q && (
          <Link to={onHold ? '/orders?sa_hold=true' : '/orders'} className="button button-secondary button-small">
            {t('orders.showAll')}
          </Link>
        )}
      </div>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && orders.length === 0 && <EmptyState>{empty}</EmptyState>}
      {orders.length > 0 && (
        <DataTable caption={caption}>
          <thead>
            <tr>
              <th scope="col">{t('orders.columns.salesOrder')}</th>
              <th scope="col">{t('orders.columns.webOrder')}</th>
              <th scope="col">{t('orders.columns.purchaser')}</th>
              <th scope="col">{t('orders.columns.endCustomer')}</th>
              <th scope="col" className="cell-number">
                {t('orders.columns.lines')}
              </th>
              <th scope="col">{t('orders.columns.status')}</th>
              <th scope="col">{t('orders.columns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.sales_order_number}>
                <th scope="row">
                  <Link to={orderPath(o.sales_order_number)}>{o.sales_order_number}</Link>
                </th>
                <td>
                  {o.web_order_number ? <Link to={orderPath(o.web_order_number)}>{o.web_order_number}</Link> : t('common.none')}
                </td>
                <td>{o.purchaser_name || t('common.none')}</td>
                <td>{o.end_customer_name || t('common.none')}</td>
                <td className="cell-number">{o.lines_count != null ? fmt.number(o.lines_count) : t('common.none')}</td>
                <td>
                  <HoldBadges saHold={!!o.sa_hold} exportHold={exportHoldOf(o.export_hold)} showNone />
                </td>
                <td className="cell-nowrap">
                  {o.created_at ? <time dateTime={o.created_at}>{fmt.date(o.created_at)}</time> : t('common.none')}
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
