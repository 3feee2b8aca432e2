import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api/errors';
import type { FindResult, Id } from '../api/types';
import { findQueries } from '../api/queries';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { orderPath } from '../components/orderLabels';
import { Loading } from '../components/StatusViews';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { virtualAccountPath } from './VirtualAccountPage';

function accountPath(id: Id): string {
  return `/smart-accounts/${encodeURIComponent(String(id))}`;
}

/** Where something is: the Smart Account and the Virtual Account, both as links. */
function Location({ account, va }: { account: { id: Id; name: string }; va: { id: Id; name: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('find.smartAccount')}</dt>
      <dd>
        <Link to={accountPath(account.id)}>{account.name || String(account.id)}</Link>
      </dd>
      <dt>{t('find.virtualAccount')}</dt>
      <dd>
        <Link to={virtualAccountPath(account.id, va.id)}>{va.name || String(va.id)}</Link>
      </dd>
    </>
  );
}

/** One answer of GET /api/v1/find: an order, a license lot or a device. */
export function FindResultView({ result }: { result: FindResult }) {
  const { t } = useTranslation();
  const deployment = (v: string) => (v === 'cloud' || v === 'on_prem' ? t(`vaPage.deployment.${v}`) : v);
  if (result.kind === 'device') {
    const d = result.device;
    return (
      <section className="card card-spaced" aria-labelledby="find-result-title">
        <h2 id="find-result-title">{t('find.device.title', { name: d.name })}</h2>
        <dl className="details">
          <dt>{t('find.device.name')}</dt>
          <dd>{d.name}</dd>
          <dt>{t('find.device.serial')}</dt>
          <dd>
            <code>{d.serial}</code>
          </dd>
          <dt>{t('find.device.product')}</dt>
          <dd>{d.product}</dd>
          <dt>{t('find.device.deployment')}</dt>
          <dd>{deployment(d.deployment)}</dd>
          <Location account={d.smart_account} va={d.virtual_account} />
        </dl>
      </section>
    );
  }
  if (result.kind === 'license') {
    const l = result.license;
    return (
      <section className="card card-spaced" aria-labelledby="find-result-title">
        <h2 id="find-result-title">{t('find.license.title', { id: l.id })}</h2>
        <dl className="details">
          <dt>{t('find.license.product')}</dt>
          <dd>{l.product}</dd>
          <dt>{t('find.license.quantity')}</dt>
          <dd>{l.quantity}</dd>
          <dt>{t('find.license.usable')}</dt>
          <dd>{l.usable ? t('vaPage.yes') : t('vaPage.no')}</dd>
          <Location account={l.smart_account} va={l.virtual_account} />
        </dl>
      </section>
    );
  }
  if (result.kind === 'order') {
    const number = result.order.sales_order_number;
    return (
      <section className="card card-spaced" aria-labelledby="find-result-title">
        <h2 id="find-result-title">{t('find.order.title', { number })}</h2>
        <p>
          <Link to={orderPath(number)}>{t('find.order.open', { number })}</Link>
        </p>
      </section>
    );
  }
  return null;
}

/** Find My License: an order number, a license id (L-123) or a device serial → where it is. */
export function FindPage() {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  usePageTitle(t('find.title'));
  const query = useQuery(findQueries.result(api, q));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    setParams(value ? { q: value } : {});
  };
  const notFound = isApiError(query.error) && query.error.status === 404;
  return (
    <>
      <h1>{t('find.title')}</h1>
      <p className="lead">{t('find.description')}</p>
      <form className="filter-form" role="search" aria-labelledby={`${id}-legend`} onSubmit={onSubmit}>
        <h2 id={`${id}-legend`} className="visually-hidden">
          {t('find.title')}
        </h2>
        <TextField
          name="q"
          type="search"
          label={t('find.query')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          autoComplete="off"
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('find.submit')}
          </button>
        </div>
      </form>
      {q !== '' && query.isPending && <Loading />}
      {notFound && <p className="empty-state">{t('find.notFound', { q })}</p>}
      {query.isError && !notFound && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && query.data && <FindResultView result={query.data} />}
    </>
  );
}
