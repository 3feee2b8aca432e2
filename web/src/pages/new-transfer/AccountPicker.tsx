import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { smartAccountQueries } from '../../api/queries';
import type { Id, SmartAccountSummary } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Fields';
import { StatusBadge } from '../../components/labels';
import { EmptyState, Loading } from '../../components/StatusViews';
import { TextField } from '../../components/TextField';
import { sameId } from './wizard';

type SearchBy = 'name' | 'domain';

const SEARCH_BY: readonly SearchBy[] = ['name', 'domain'];

/** Smart Accounts as a table to choose one from (radio per row); optionally "Show Counts" per row. */
export function AccountChoice({
  accounts,
  caption,
  selected,
  onSelect,
  onShowCounts,
  countsFor,
}: {
  accounts: SmartAccountSummary[];
  caption: string;
  selected: SmartAccountSummary | null;
  onSelect: (account: SmartAccountSummary) => void;
  onShowCounts?: (account: SmartAccountSummary) => void;
  countsFor?: SmartAccountSummary | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('transferWizard.choose')}</th>
            <th scope="col">{t('smartAccounts.columns.name')}</th>
            <th scope="col">{t('smartAccounts.columns.domain')}</th>
            <th scope="col">{t('smartAccounts.columns.status')}</th>
            {onShowCounts && <th scope="col">{t('transferWizard.source.assetSummary')}</th>}
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const nameId = `${id}-name-${a.id}`;
            return (
              <tr key={a.id}>
                <td>
                  <input
                    type="radio"
                    name={`${id}-account`}
                    value={String(a.id)}
                    aria-labelledby={nameId}
                    checked={sameId(selected?.id, a.id)}
                    onChange={() => onSelect(a)}
                  />
                </td>
                <th scope="row" id={nameId}>
                  {a.name}
                </th>
                <td className="cell-email">{a.domain}</td>
                <td>
                  <StatusBadge status={String(a.status)} />
                </td>
                {onShowCounts && (
                  <td>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-describedby={nameId}
                      aria-pressed={sameId(countsFor?.id, a.id)}
                      onClick={() => onShowCounts(a)}
                    >
                      {t('account.counts.show')}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Search Smart Accounts by name or domain (as on the Smart Accounts page) and choose one of the results. */
export function AccountSearch({
  selected,
  onSelect,
  onShowCounts,
  countsFor,
  exclude,
}: {
  selected: SmartAccountSummary | null;
  onSelect: (account: SmartAccountSummary) => void;
  onShowCounts?: (account: SmartAccountSummary) => void;
  countsFor?: SmartAccountSummary | null;
  exclude?: Id;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [by, setBy] = useState<SearchBy>('name');
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState<{ by: SearchBy; q: string } | null>(null);
  const [local, setLocal] = useState<string | undefined>();
  const query = useQuery(smartAccountQueries.search(api, search));
  const results = (query.data?.items ?? []).filter((a) => !sameId(a.id, exclude));
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const q = draft.trim();
    if (!q) {
      setLocal(t('transferWizard.search.required'));
      return;
    }
    setLocal(undefined);
    setSearch({ by, q });
  };
  return (
    <>
      <form className="filter-form" role="search" aria-labelledby={`${id}-label`} onSubmit={onSearch} noValidate>
        <span id={`${id}-label`} className="visually-hidden">
          {t('transferWizard.search.label')}
        </span>
        <SelectField
          name="by"
          label={t('smartAccounts.search.by')}
          className="field-narrow"
          value={by}
          onChange={(e) => setBy(e.target.value as SearchBy)}
        >
          {SEARCH_BY.map((value) => (
            <option key={value} value={value}>
              {t(`smartAccounts.search.options.${value}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          name="q"
          type="search"
          label={t('smartAccounts.search.query')}
          value={draft}
          autoComplete="off"
          error={local}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="filter-actions">
          <button type="submit" className="button button-secondary">
            {t('smartAccounts.search.submit')}
          </button>
        </div>
      </form>
      {search && query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && results.length === 0 && <EmptyState>{t('smartAccounts.search.empty', { q: search?.q })}</EmptyState>}
      {results.length > 0 && (
        <AccountChoice
          accounts={results}
          caption={t('smartAccounts.search.caption', { q: search?.q })}
          selected={selected}
          onSelect={onSelect}
          onShowCounts={onShowCounts}
          countsFor={countsFor}
        />
      )}
    </>
  );
}
