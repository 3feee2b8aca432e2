import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { smartAccountQueries } from '../../api/queries';
import type { SmartAccount } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { StatusBadge, useLabels } from '../../components/labels';
import { AssetCountsTable } from '../../components/AssetCountsTable';
import { Loading } from '../../components/StatusViews';

export function Header({ account }: { account: SmartAccount }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormatDate();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/smart-accounts">{t('smartAccounts.title')}</Link>
      </p>
      <div className="title-row">
        <h1>{account.name}</h1>
        <StatusBadge status={account.status} />
      </div>
      <dl className="details details-inline">
        <dt>{t('account.domain')}</dt>
        <dd>{account.domain}</dd>
        <dt>{t('account.kind')}</dt>
        <dd>{labels.kind(account.kind)}</dd>
        <dt>{t('account.status')}</dt>
        <dd>{labels.status(account.status)}</dd>
        <dt>{t('account.legalEntity')}</dt>
        <dd>
          {account.legal_entity
            ? t('account.legalEntityValue', { name: account.legal_entity.name, country: account.legal_entity.country })
            : t('common.none')}
        </dd>
        <dt>{t('account.created')}</dt>
        <dd>
          <time dateTime={account.created_at}>{fmt.date(account.created_at)}</time>
        </dd>
        {account.activated_at && (
          <>
            <dt>{t('account.activated')}</dt>
            <dd>
              <time dateTime={account.activated_at}>{fmt.date(account.activated_at)}</time>
            </dd>
          </>
        )}
        {account.status === 'pending' && account.expires_at && (
          <>
            <dt>{t('account.expires')}</dt>
            <dd>
              <time dateTime={account.expires_at}>{fmt.date(account.expires_at)}</time>
            </dd>
          </>
        )}
        <dt>{t('account.myRoles')}</dt>
        <dd>{account.my_roles.map(labels.role).join(', ') || t('common.none')}</dd>
      </dl>
      {account.status === 'pending' && <p className="notice notice-expired">{t('account.pendingNote')}</p>}
    </>
  );
}

export function Counts({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [shown, setShown] = useState(false);
  const regionId = useId();
  const query = useQuery({ ...smartAccountQueries.assetSummary(api, accountId), enabled: shown });
  return (
    <section className="counts" aria-labelledby={`${regionId}-title`}>
      <h2 id={`${regionId}-title`} className="visually-hidden">
        {t('account.counts.title')}
      </h2>
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={shown}
        aria-controls={regionId}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? t('account.counts.hide') : t('account.counts.show')}
      </button>
      <div id={regionId} hidden={!shown}>
        {shown && query.isPending && <Loading />}
        {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        {shown && query.isSuccess && <AssetCountsTable summary={query.data} />}
      </div>
    </section>
  );
}
