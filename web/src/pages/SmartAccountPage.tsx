import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api/errors';
import { smartAccountQueries } from '../api/queries';
import { can } from '../api/permissions';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading, NotFoundState } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { usePageTitle } from '../components/usePageTitle';
import { Counts, Header } from './smart-account/AccountHeader';
import { EventsTab } from './smart-account/EventsTab';
import { UsersTab } from './smart-account/UsersTab';
import { VirtualAccountsTab } from './smart-account/VirtualAccountsTab';

const TAB_KEYS = ['virtual-accounts', 'users', 'events'] as const;
type TabKey = (typeof TAB_KEYS)[number];

export function SmartAccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = (TAB_KEYS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'virtual-accounts';
  const query = useQuery(smartAccountQueries.detail(api, id));
  usePageTitle(query.data?.name ?? t('smartAccounts.title'));

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) {
      return (
        <NotFoundState
          alert
          title={t('account.notFound.title')}
          body={t('account.notFound.body')}
          back={{ to: '/smart-accounts', label: t('account.notFound.back') }}
        />
      );
    }
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const account = query.data;
  const selectTab = (key: TabKey) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <Header account={account} />
      <Counts accountId={id} />
      <Tabs
        label={t('account.tabs.label')}
        selected={tab}
        onSelect={selectTab}
        tabs={[
          { key: 'virtual-accounts', label: t('account.tabs.virtualAccounts') },
          { key: 'users', label: t('account.tabs.users') },
          { key: 'events', label: t('account.tabs.events') },
        ]}
      >
        {tab === 'virtual-accounts' && <VirtualAccountsTab accountId={id} canCreate={can(account, 'manage_virtual_accounts')} />}
        {tab === 'users' && <UsersTab accountId={id} isAdmin={can(account, 'manage_members')} virtualAccounts={account.virtual_accounts ?? []} />}
        {tab === 'events' && <EventsTab accountId={id} />}
      </Tabs>
    </>
  );
}
