import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { OutboxMail } from '../api/types';
import { outboxQueries } from '../api/queries';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmptyState, Loading } from '../components/StatusViews';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { LoadMore } from '../components/Pager';

const STATUS_KEYS = ['queued', 'sent', 'failed'] as const;

function useDateTime() {
  const { i18n } = useTranslation();
  return (iso: string) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  };
}

function MailRow({ mail }: { mail: OutboxMail }) {
  const { t } = useTranslation();
  const formatDate = useDateTime();
  const status = (STATUS_KEYS as readonly string[]).includes(mail.status)
    ? t(`outbox.status.${mail.status as (typeof STATUS_KEYS)[number]}`)
    : mail.status;
  return (
    <tr>
      <td className="cell-email">{mail.to}</td>
      <td className="cell-subject">
        <span className="mail-subject" lang={mail.locale || undefined}>
          {mail.subject}
        </span>
        <details className="mail-body">
          <summary>
            {t('outbox.body')}
            <span className="visually-hidden">: {mail.subject}</span>
          </summary>
          <pre lang={mail.locale || undefined}>{mail.body_text}</pre>
        </details>
      </td>
      <td>
        <span className={`badge badge-${mail.status}`}>{status}</span>
        {mail.last_error && (
          <span className="mail-error">
            {t('outbox.lastError')}: {mail.last_error}
          </span>
        )}
      </td>
      <td className="cell-number">{mail.attempts}</td>
      <td className="cell-nowrap">
        {mail.sent_at ? <time dateTime={mail.sent_at}>{formatDate(mail.sent_at)}</time> : t('outbox.notSent')}
      </td>
    </tr>
  );
}

export function OutboxPage() {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const [params, setParams] = useSearchParams();
  const to = params.get('to')?.trim() ?? '';
  const [draft, setDraft] = useState(to);
  usePageTitle(t('outbox.title'));

  useEffect(() => setDraft(to), [to]);

  const query = useInfiniteQuery(outboxQueries.list(api, { to }));

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    setParams(value ? { to: value } : {});
  };
  const onClear = () => {
    setDraft('');
    setParams({});
  };

  const mails = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p className="lead">{t('outbox.description')}</p>
      <form className="filter-form" onSubmit={onFilter} role="search" aria-labelledby={`${formId}-legend`}>
        <h2 id={`${formId}-legend`} className="visually-hidden">
          {t('outbox.filter.legend')}
        </h2>
        <TextField
          name="to"
          type="search"
          label={t('outbox.filter.to')}
          value={draft}
          autoComplete="off"
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('outbox.filter.apply')}
          </button>
          {to && (
            <button type="button" className="button button-secondary" onClick={onClear}>
              {t('outbox.filter.clear')}
            </button>
          )}
        </div>
      </form>

      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && mails.length === 0 && (
        <EmptyState>{to ? t('outbox.emptyFiltered', { to }) : t('outbox.empty')}</EmptyState>
      )}
      {mails.length > 0 && (
        <div className="table-wrap" role="region" aria-labelledby={`${formId}-caption`} tabIndex={0}>
          <table className="outbox-table">
            <caption id={`${formId}-caption`}>
              {to ? t('outbox.captionFiltered', { to }) : t('outbox.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.columns.to')}</th>
                <th scope="col">{t('outbox.columns.subject')}</th>
                <th scope="col">{t('outbox.columns.status')}</th>
                <th scope="col">{t('outbox.columns.attempts')}</th>
                <th scope="col">{t('outbox.columns.sentAt')}</th>
              </tr>
            </thead>
            <tbody>
              {mails.map((mail) => (
                <MailRow key={mail.id} mail={mail} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={query} />
    </>
  );
}
