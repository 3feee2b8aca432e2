import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api/errors';
import { smartAccountQueries } from '../api/queries';
import { can } from '../api/permissions';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading, NotFoundState } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { usePageTitle } from '../components/usePageTitle';
import { DevicesTab } from './virtual-account/DevicesTab';
import { LicensesTab } from './virtual-account/LicensesTab';
import { TokensTab } from './virtual-account/TokensTab';

const TAB_KEYS = ['licenses', 'devices', 'tokens'] as const;
type TabKey = (typeof TAB_KEYS)[number];

export function virtualAccountPath(accountId: string | number, vaId: string | number): string {
  return `/smart-accounts/${encodeURIComponent(String(accountId))}/virtual-accounts/${encodeURIComponent(String(vaId))}`;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <NotFoundState
      alert
      title={t('vaPage.notFound.title')}
      body={t('vaPage.notFound.body')}
      back={{ to: '/smart-accounts', label: t('account.notFound.back') }}
    />
  );
}

export function VirtualAccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '', vaId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = (TAB_KEYS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'licenses';
  const query = useQuery(smartAccountQueries.detail(api, id));
  const account = query.data;
  const va = account?.virtual_accounts?.find((v) => String(v.id) === vaId);
  usePageTitle(va && account ? t('vaPage.heading', { va: va.name, account: account.name }) : t('vaPage.title'));

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <NotFound />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!account || !va) return <NotFound />;
  // Moving licenses, deleting devices and managing tokens: the server says whether this VA allows it.
  const canManage = can(va, 'manage_assets');
  const selectTab = (key: TabKey) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/smart-accounts">{t('smartAccounts.title')}</Link>
        {' / '}
        <Link to={`/smart-accounts/${encodeURIComponent(String(account.id))}`}>{account.name}</Link>
      </p>
      <div className="title-row">
        <h1>{t('vaPage.heading', { va: va.name, account: account.name })}</h1>
      </div>
      {va.description && <p className="lead">{va.description}</p>}
      <Tabs
        label={t('vaPage.tabs.label')}
        selected={tab}
        onSelect={selectTab}
        tabs={[
          { key: 'licenses', label: t('vaPage.tabs.licenses') },
          { key: 'devices', label: t('vaPage.tabs.devices') },
          { key: 'tokens', label: t('vaPage.tabs.tokens') },
        ]}
      >
        {tab === 'licenses' && <LicensesTab account={account} va={va} canManage={canManage} />}
        {tab === 'devices' && <DevicesTab accountId={String(account.id)} vaId={vaId} canManage={canManage} />}
        {tab === 'tokens' && <TokensTab accountId={String(account.id)} vaId={vaId} canManage={canManage} />}
      </Tabs>
    </>
  );
}
