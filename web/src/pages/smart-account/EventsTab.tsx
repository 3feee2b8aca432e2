import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap } from '../../api/errors';
import { smartAccountQueries } from '../../api/queries';
import type { AccountEvent, EventFilters } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading } from '../../components/StatusViews';
import { TextField } from '../../components/TextField';
import { LoadMore } from '../../components/Pager';
import { actorName } from '../AcceptInvitationPage';

function display(value: unknown): string {
  if (value == null || value === '') return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function EventRow({ event }: { event: AccountEvent }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const before = display(event.before);
  const after = display(event.after);
  const target = [event.target_type, event.target_id].filter((x) => x != null && x !== '').join(' ');
  return (
    <tr>
      <td className="cell-nowrap">
        <time dateTime={event.at}>{fmt.dateTime(event.at)}</time>
      </td>
      <td className="cell-email">{actorName(event.actor) || t('common.none')}</td>
      <td>
        <code>{event.action}</code>
        {(before || after) && (
          <details className="event-change">
            <summary>{t('account.events.changes')}</summary>
            <dl>
              {before && (
                <>
                  <dt>{t('account.events.before')}</dt>
                  <dd>
                    <code>{before}</code>
                  </dd>
                </>
              )}
              {after && (
                <>
                  <dt>{t('account.events.after')}</dt>
                  <dd>
                    <code>{after}</code>
                  </dd>
                </>
              )}
            </dl>
          </details>
        )}
      </td>
      <td>{target || t('common.none')}</td>
      <td>{event.reason || t('common.none')}</td>
      <td>{event.case_number || t('common.none')}</td>
    </tr>
  );
}

export function EventsTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const [filters, setFilters] = useState<EventFilters>({});
  const [draft, setDraft] = useState({ action: '', from: '', to: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const query = useInfiniteQuery(smartAccountQueries.events(api, accountId, filters));
  const events = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setLocal({ to: t('account.events.toBeforeFrom') });
      return;
    }
    setLocal({});
    setFilters({
      action: draft.action.trim() || undefined,
      from: draft.from || undefined,
      to: draft.to || undefined,
    });
  };
  const serverErrors = fieldErrorMap(query.error);
  const errors = { ...serverErrors, ...local };
  const filtered = !!(filters.action || filters.from || filters.to);

  return (
    <>
      <h2>{t('account.tabs.events')}</h2>
      <form className="filter-form" onSubmit={onSubmit} role="search" aria-labelledby={`${formId}-legend`}>
        <h3 id={`${formId}-legend`} className="visually-hidden">
          {t('account.events.filterLegend')}
        </h3>
        <TextField
          name="action"
          type="search"
          label={t('account.events.action')}
          value={draft.action}
          onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
          error={errors.action}
          autoComplete="off"
        />
        <TextField
          name="from"
          type="date"
          label={t('account.events.from')}
          value={draft.from}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          error={errors.from}
          className="field-narrow"
        />
        <TextField
          name="to"
          type="date"
          label={t('account.events.to')}
          value={draft.to}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          error={errors.to}
          className="field-narrow"
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('account.events.apply')}
          </button>
          <a className="button button-secondary" href={api.eventsCsvUrl(accountId, filters)} download={`events-${accountId}.csv`}>
            {t('account.events.export')}
          </a>
        </div>
      </form>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} shownFields={['action', 'from', 'to']} onRetry={() => void query.refetch()} />}
      {query.isSuccess && events.length === 0 && (
        <EmptyState>{filtered ? t('account.events.emptyFiltered') : t('account.events.empty')}</EmptyState>
      )}
      {events.length > 0 && (
        <div className="table-wrap" role="region" aria-labelledby={`${formId}-caption`} tabIndex={0}>
          <table>
            <caption id={`${formId}-caption`}>{t('account.events.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.events.time')}</th>
                <th scope="col">{t('account.events.actor')}</th>
                <th scope="col">{t('account.events.action')}</th>
                <th scope="col">{t('account.events.target')}</th>
                <th scope="col">{t('account.events.reason')}</th>
                <th scope="col">{t('account.events.caseNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <EventRow key={e.id} event={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={query} />
    </>
  );
}
