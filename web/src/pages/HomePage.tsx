import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';
import type { Membership, OrderSummary, Page } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { useMe } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';

const ROLE_KEYS = ['sa_admin', 'sa_user', 'sa_viewer', 'va_admin', 'va_user', 'va_viewer'] as const;

function useRoleLabel() {
  const { t } = useTranslation();
  return (role: string) =>
    (ROLE_KEYS as readonly string[]).includes(role) ? t(`roles.${role as (typeof ROLE_KEYS)[number]}`) : role;
}

function Memberships({ memberships }: { memberships: Membership[] }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  if (memberships.length === 0) return <EmptyState>{t('home.memberships.empty')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('home.memberships.account')}</th>
            <th scope="col">{t('home.memberships.role')}</th>
            <th scope="col">{t('home.memberships.virtualAccount')}</th>
          </tr>
        </thead>
        <tbody>
          {memberships.map((m) => (
            <tr key={`${m.smart_account_id}-${m.virtual_account_id ?? ''}-${m.role}`}>
              <th scope="row">
                {m.smart_account_name || t('home.memberships.unnamedAccount', { id: m.smart_account_id })}
              </th>
              <td>{roleLabel(m.role)}</td>
              <td>
                {m.virtual_account_id == null
                  ? t('home.memberships.allVirtualAccounts')
                  : m.virtual_account_name ||
                    t('home.memberships.unnamedVirtualAccount', { id: m.virtual_account_id })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY_PAGE: Page<OrderSummary> = { items: [], next_cursor: null };

function OrdersOnHold() {
  const { t } = useTranslation();
  const api = useApi();
  const query = useQuery({
    queryKey: ['orders', { sa_hold: true }],
    queryFn: async ({ signal }) => {
      try {
        return await api.listOrders({ sa_hold: true }, signal);
      } catch (error) {
        // The order list is not served yet by every server version: no list, no orders.
        if (isApiError(error) && error.status === 404) return EMPTY_PAGE;
        throw error;
      }
    },
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const orders = query.data.items ?? [];
  if (orders.length === 0) return <EmptyState>{t('home.onHold.empty')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table>
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
              <th scope="row">{o.sales_order_number}</th>
              <td>{o.web_order_number || t('common.none')}</td>
              <td>{o.end_customer_name || t('common.none')}</td>
              <td>{o.purchaser_name || t('common.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
      <section aria-labelledby="home-memberships">
        <h2 id="home-memberships">{t('home.memberships.title')}</h2>
        <Memberships memberships={me.memberships ?? []} />
      </section>
      <section aria-labelledby="home-on-hold">
        <h2 id="home-on-hold">{t('home.onHold.title')}</h2>
        <p className="section-description">{t('home.onHold.description')}</p>
        <OrdersOnHold />
      </section>
    </>
  );
}
