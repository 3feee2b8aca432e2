import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { orderQueries } from '../api/queries';
import { useApi } from '../components/ApiContext';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusBadge, useLabels } from '../components/labels';
import { orderPath } from '../components/orderLabels';
import { useMe } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { useMySmartAccounts } from './SmartAccountsPage';

function MySmartAccounts() {
  const { t } = useTranslation();
  const labels = useLabels();
  const query = useMySmartAccounts();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const accounts = query.data.items ?? [];
  if (accounts.length === 0) return <EmptyState>{t('home.memberships.empty')}</EmptyState>;
  return (
    <DataTable caption={t('home.memberships.caption')} region={false} hideCaption>
      <thead>
        <tr>
          <th scope="col">{t('home.memberships.account')}</th>
          <th scope="col">{t('home.memberships.status')}</th>
          <th scope="col">{t('home.memberships.role')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <Link to={`/smart-accounts/${encodeURIComponent(String(a.id))}`}>{a.name}</Link>
            </th>
            <td>
              <StatusBadge status={a.status} />
            </td>
            <td>{(a.roles ?? []).map(labels.role).join(', ') || t('common.none')}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function OrdersOnHold() {
  const { t } = useTranslation();
  const api = useApi();
  const query = useQuery(orderQueries.onHold(api));
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const orders = query.data.items ?? [];
  if (orders.length === 0) return <EmptyState>{t('home.onHold.empty')}</EmptyState>;
  return (
    <DataTable caption={t('home.onHold.caption')} region={false} hideCaption>
      <thead>
        <tr>
          <th scope="col">{t('home.onHold.salesOrder')}</th>
          <th scope="col">{t('home.onHold.webOrder')}</th>
          <th scope="col">{t('home.onHold.endCustomer')}</th>
          <th scope="col">{t('home.onHold.purchaser')}</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.sales_order_number}>
            <th scope="row">
              <Link to={orderPath(o.sales_order_number)}>{o.sales_order_number}</Link>
            </th>
            <td>{o.web_order_number || t('common.none')}</td>
            <td>{o.end_customer_name || t('common.none')}</td>
            <td>{o.purchaser_name || t('common.none')}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('home.title'));
  if (!me) return <Loading />;
  return (
    <>
      <h1>{t('home.welcome', { name: me.name || me.email })}</h1>
      <p>
        <Link to="/find">{t('find.homeLink')}</Link>
      </p>
      <p>
        <Link to="/transfers?role=transferee">{t('home.transfersLink')}</Link>
      </p>
      <section aria-labelledby="home-memberships">
        <h2 id="home-memberships">{t('home.memberships.title')}</h2>
        <MySmartAccounts />
      </section>
      <section aria-labelledby="home-on-hold">
        <h2 id="home-on-hold">{t('home.onHold.title')}</h2>
        <p className="section-description">{t('home.onHold.description')}</p>
        <OrdersOnHold />
      </section>
    </>
  );
}
