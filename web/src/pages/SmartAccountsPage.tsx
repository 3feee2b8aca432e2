import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { fieldErrorMap } from '../api/errors';
import { meKeys, smartAccountKeys, smartAccountQueries } from '../api/queries';
import type { SearchBy, SmartAccountKind, SmartAccountSummary } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Fields';
import { StatusBadge, useLabels } from '../components/labels';
import { EmptyState, Loading } from '../components/StatusViews';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { DataTable } from '../components/DataTable';

const SEARCH_BY: readonly SearchBy[] = ['domain', 'name', 'email'];
const CREATE_FIELDS = ['name', 'domain', 'kind', 'legal_entity.name', 'legal_entity.country'] as const;

/** My Smart Accounts (GET ?mine=true); a server without the list yet (404) means none. */
export function useMySmartAccounts() {
  const api = useApi();
  return useQuery(smartAccountQueries.mine(api));
}

function AccountsTable({
  accounts,
  caption,
  linkable,
  showRoles = false,
}: {
  accounts: SmartAccountSummary[];
  caption: string;
  linkable: (account: SmartAccountSummary) => boolean;
  showRoles?: boolean;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <DataTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t('smartAccounts.columns.name')}</th>
          <th scope="col">{t('smartAccounts.columns.domain')}</th>
          <th scope="col">{t('smartAccounts.columns.kind')}</th>
          <th scope="col">{t('smartAccounts.columns.status')}</th>
          {showRoles && <th scope="col">{t('smartAccounts.columns.roles')}</th>}
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              {linkable(a) ? <Link to={`/smart-accounts/${encodeURIComponent(String(a.id))}`}>{a.name}</Link> : a.name}
            </th>
            <td className="cell-email">{a.domain}</td>
            <td>{labels.kind(a.kind)}</td>
            <td>
              <StatusBadge status={a.status} />
            </td>
            {showRoles && <td>{(a.roles ?? []).map(labels.role).join(', ') || t('common.none')}</td>}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function Search({ mine }: { mine: SmartAccountSummary[] | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const [params, setParams] = useSearchParams();
  const byParam = params.get('by');
  const by: SearchBy = (SEARCH_BY as readonly string[]).includes(byParam ?? '') ? (byParam as SearchBy) : 'domain';
  const q = params.get('q')?.trim() ?? '';
  const [draftBy, setDraftBy] = useState<SearchBy>(by);
  const [draftQ, setDraftQ] = useState(q);
  useEffect(() => {
    setDraftBy(by);
    setDraftQ(q);
  }, [by, q]);

  const query = useQuery({ ...smartAccountQueries.search(api, { by, q }), enabled: q !== '' });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = draftQ.trim();
    setParams(value ? { by: draftBy, q: value } : {});
  };

  const memberOf = new Set((mine ?? []).map((a) => String(a.id)));
  const results = query.data?.items ?? [];

  return (
    <section aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{t('smartAccounts.search.title')}</h2>
      <form className="filter-form" onSubmit={onSubmit} role="search" aria-labelledby={`${formId}-title`}>
        <SelectField
          name="by"
          label={t('smartAccounts.search.by')}
          className="field-narrow"
          value={draftBy}
          onChange={(e) => setDraftBy(e.target.value as SearchBy)}
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
          value={draftQ}
          autoComplete="off"
          onChange={(e) => setDraftQ(e.target.value)}
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('smartAccounts.search.submit')}
          </button>
        </div>
      </form>
      {q !== '' && query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && results.length === 0 && <EmptyState>{t('smartAccounts.search.empty', { q })}</EmptyState>}
      {results.length > 0 && (
        <AccountsTable
          accounts={results}
          caption={t('smartAccounts.search.caption', { q })}
          linkable={(a) => memberOf.has(String(a.id))}
        />
      )}
    </section>
  );
}

function CreateForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState({ name: '', domain: '', kind: 'customer' as SmartAccountKind, legalName: '', country: '' });
  const [local, setLocal] = useState<Record<string, string>>({});

  useEffect(() => nameRef.current?.focus(), []);

  const mutation = useMutation({
    mutationFn: () =>
      api.createSmartAccount({
        name: values.name.trim(),
        domain: values.domain.trim().toLowerCase(),
        kind: values.kind,
        legal_entity: { name: values.legalName.trim(), country: values.country.trim().toUpperCase() },
      }),
    onSuccess: (account) => {
      void queryClient.invalidateQueries({ queryKey: smartAccountKeys.all });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
      navigate(`/smart-accounts/${encodeURIComponent(String(account.id))}`);
    },
  });

  const errors = { ...fieldErrorMap(mutation.error), ...local };
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!values.name.trim()) missing.name = t('form.required');
    if (!values.domain.trim()) missing.domain = t('form.required');
    if (!values.legalName.trim()) missing['legal_entity.name'] = t('form.required');
    if (!values.country.trim()) missing['legal_entity.country'] = t('form.required');
    setLocal(missing);
    if (Object.keys(missing).length > 0) {
      mutation.reset();
      return;
    }
    mutation.mutate();
  };

  return (
    <section aria-labelledby={`${id}-title`} className="card card-spaced">
      <h2 id={`${id}-title`}>{t('smartAccounts.create.title')}</h2>
      <p className="section-description">{t('smartAccounts.create.description')}</p>
      {mutation.error && <ErrorAlert error={mutation.error} shownFields={CREATE_FIELDS} />}
      <form className="form form-grid" onSubmit={onSubmit} noValidate>
        <TextField ref={nameRef} name="name" label={t('smartAccounts.create.name')} value={values.name} onChange={set('name')} error={errors.name} required />
        <TextField
          name="domain"
          label={t('smartAccounts.create.domain')}
          hint={t('smartAccounts.create.domainHint')}
          value={values.domain}
          onChange={set('domain')}
          error={errors.domain}
          autoComplete="off"
          required
        />
        <SelectField name="kind" label={t('smartAccounts.create.kind')} value={values.kind} onChange={set('kind')} error={errors.kind}>
          <option value="customer">{t('smartAccounts.kind.customer')}</option>
          <option value="holding">{t('smartAccounts.kind.holding')}</option>
        </SelectField>
        <TextField
          name="legal_entity_name"
          label={t('smartAccounts.create.legalName')}
          value={values.legalName}
          onChange={set('legalName')}
          error={errors['legal_entity.name']}
          autoComplete="organization"
          required
        />
        <TextField
          name="country"
          label={t('smartAccounts.create.country')}
          hint={t('smartAccounts.create.countryHint')}
          value={values.country}
          onChange={set('country')}
          error={errors['legal_entity.country']}
          maxLength={2}
          autoComplete="country"
          required
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? t('common.saving') : t('smartAccounts.create.submit')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function SmartAccountsPage() {
  const { t } = useTranslation();
  const mine = useMySmartAccounts();
  const [creating, setCreating] = useState(false);
  const createButton = useRef<HTMLButtonElement>(null);
  usePageTitle(t('smartAccounts.title'));
  const accounts = mine.data?.items ?? [];

  return (
    <>
      <h1>{t('smartAccounts.title')}</h1>
      <p className="lead">{t('smartAccounts.description')}</p>
      <div className="page-actions">
        {!creating && (
          <button ref={createButton} type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('smartAccounts.create.open')}
          </button>
        )}
        <Link to="/smart-accounts/request" className="button button-secondary">
          {t('smartAccounts.requestLink')}
        </Link>
      </div>
      {creating && (
        <CreateForm
          onCancel={() => {
            setCreating(false);
            setTimeout(() => createButton.current?.focus());
          }}
        />
      )}
      <section aria-labelledby="sa-mine">
        <h2 id="sa-mine">{t('smartAccounts.mine.title')}</h2>
        {mine.isPending && <Loading />}
        {mine.isError && <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
        {mine.isSuccess && accounts.length === 0 && <EmptyState>{t('smartAccounts.mine.empty')}</EmptyState>}
        {accounts.length > 0 && (
          <AccountsTable accounts={accounts} caption={t('smartAccounts.mine.caption')} linkable={() => true} showRoles />
        )}
      </section>
      <Search mine={mine.data?.items} />
    </>
  );
}
