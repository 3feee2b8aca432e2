import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { smartAccountQueries, transferChanged, transferQueries } from '../api/queries';
import type { CreateTransferRequest, EligibleDevice, EligibleLicense, Id, SmartAccountSummary } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextAreaField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { StatusBadge } from '../components/labels';
import { useMe } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { TextField } from '../components/TextField';
import { transferPath, useTransferLabels } from '../components/transferLabels';
import { usePageTitle } from '../components/usePageTitle';
import { DataTable } from '../components/DataTable';
import { useMySmartAccounts } from './SmartAccountsPage';

const STEPS = ['source', 'destination', 'compliance', 'assets', 'form'] as const;
type Step = (typeof STEPS)[number];
type SearchBy = 'name' | 'domain';
const SEARCH_BY: readonly SearchBy[] = ['name', 'domain'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The step of the wizard that shows a request field (server `errors[].field`), or -1. */
function stepOfField(field: string): number {
  if (field === 'source_smart_account_id') return 0;
  if (field.startsWith('destination_')) return 1;
  if (field === 'same_legal_entity' || field === 'transferee_email') return 2;
  if (field === 'licenses' || field === 'devices' || field.startsWith('licenses[') || field.startsWith('devices[')) return 3;
  if (['justification', 'accept_terms', 'case_number', 'requester'].includes(field) || field.startsWith('requester.')) return 4;
  return -1;
}

const sameId = (a: Id | undefined | null, b: Id | undefined | null) => a != null && b != null && String(a) === String(b);

/** Smart Accounts as a table to choose one from (radio per row); optionally "Show Counts" per row. */
function AccountChoice({
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
function AccountSearch({
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

/** The asset summary of a Smart Account, shown beside the search results ("Show Counts"). */
function CountsPanel({ account, onClose }: { account: SmartAccountSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const id = useId();
  const query = useQuery(smartAccountQueries.assetSummary(api, account.id));
  const licenses = query.data?.licenses ?? [];
  const withShortage = licenses.some((l) => typeof l.shortage === 'number');
  return (
    <aside className="card side-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('transferWizard.source.countsTitle', { name: account.name })}</h3>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && (
        <>
          {licenses.length === 0 ? (
            <EmptyState>{t('account.counts.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('account.counts.caption')} region={false}>
              <thead>
                <tr>
                  <th scope="col">{t('account.counts.product')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.purchased')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.inUse')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.reserved')}</th>
                  <th scope="col" className="cell-number">{t('account.counts.available')}</th>
                  {withShortage && <th scope="col" className="cell-number">{t('transferWizard.source.shortage')}</th>}
                </tr>
              </thead>
              <tbody>
                {licenses.map((l) => (
                  <tr key={l.product}>
                    <th scope="row">{l.product}</th>
                    <td className="cell-number">{fmt.number(l.purchased)}</td>
                    <td className="cell-number">{fmt.number(l.in_use)}</td>
                    <td className="cell-number">{fmt.number(l.reserved)}</td>
                    <td className="cell-number">{fmt.number(l.available)}</td>
                    {withShortage && <td className="cell-number">{fmt.number(l.shortage ?? 0)}</td>}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
          <p>{t('account.counts.devices', { devices: fmt.number(query.data.devices ?? 0) })}</p>
        </>
      )}
      <button type="button" className="button button-secondary button-small" onClick={onClose}>
        {t('account.counts.hide')}
      </button>
    </aside>
  );
}

function FieldErrorText({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

/**
 * "Request Asset Transfer" (seed 000): source Smart Account → destination
 * Smart Account and Virtual Account → compliance screening questions →
 * assets → request form, then "Submit for Review".
 */
export function NewTransferPage() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fmt = useFormatDate();
  const labels = useTransferLabels();
  const id = useId();
  const { data: me } = useMe();
  const internal = me?.kind === 'internal';
  const mine = useMySmartAccounts();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  usePageTitle(t('transferWizard.title'));

  const [step, setStep] = useState(0);
  const [source, setSource] = useState<SmartAccountSummary | null>(null);
  const [countsFor, setCountsFor] = useState<SmartAccountSummary | null>(null);
  const [destTab, setDestTab] = useState<'mine' | 'search'>('mine');
  const [dest, setDest] = useState<SmartAccountSummary | null>(null);
  const [vaId, setVaId] = useState('');
  const [same, setSame] = useState<'' | 'yes' | 'no'>('');
  const [confirmDifferent, setConfirmDifferent] = useState(false);
  const [transferee, setTransferee] = useState('');
  const [licenseQty, setLicenseQty] = useState<Record<string, string>>({});
  const [deviceIds, setDeviceIds] = useState<string[]>([]);
  const [form, setForm] = useState({ justification: '', name: '', phone: '', company: '', caseNumber: '' });
  const [accepted, setAccepted] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});

  useEffect(() => {
    if (me?.name) setForm((f) => (f.name ? f : { ...f, name: me.name }));
  }, [me?.name]);

  // Each step starts at its heading (keyboard and screen-reader users).
  useEffect(() => {
    if (!moved.current) {
      moved.current = true;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const vas = useQuery(smartAccountQueries.assignableVirtualAccounts(api, dest?.id ?? null));
  const vaItems = vas.data?.items ?? [];
  useEffect(() => {
    if (!dest || vaId || vaItems.length === 0) return;
    const preferred = vaItems.find((v) => v.name === 'DEFAULT') ?? (vaItems.length === 1 ? vaItems[0] : undefined);
    if (preferred) setVaId(String(preferred.id));
  }, [dest, vaId, vaItems]);

  const eligible = useQuery({
    ...transferQueries.eligibleAssets(api, source?.id ?? null),
    enabled: source !== null && step >= 3,
  });
  const licenses = eligible.data?.licenses ?? [];
  const devices = eligible.data?.devices ?? [];

  const mutation = useMutation({
    mutationFn: (input: CreateTransferRequest) => api.createTransfer(input),
    onSuccess: (created) => {
      transferChanged(queryClient);
      navigate(transferPath(created.id), { state: { created: created.id } });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const steps = error.fieldErrors.map((fe) => stepOfField(fe.field)).filter((s) => s >= 0);
      if (steps.length > 0) setStep(Math.min(...steps));
    },
  });

  // Server field errors, with licenses[i] / devices[i] turned into the row they name.
  const server = fieldErrorMap(mutation.error);
  const sent = mutation.variables;
  const rowErrors: Record<string, string> = {};
  for (const [field, message] of Object.entries(server)) {
    const lic = /^licenses\[(\d+)\](?:\.(\w+))?$/.exec(field);
    if (lic && sent?.licenses[Number(lic[1])]) {
      const key = `license:${sent.licenses[Number(lic[1])].license_id}`;
      rowErrors[key] ??= message;
      continue;
    }
    const dev = /^devices\[(\d+)\]$/.exec(field);
    if (dev && sent?.devices[Number(dev[1])] !== undefined) rowErrors[`device:${sent.devices[Number(dev[1])]}`] ??= message;
  }
  const errors: Record<string, string | undefined> = { ...server, ...rowErrors, ...local };
  const shownFields = Object.keys(server).filter((f) => stepOfField(f) >= 0 && f !== 'requester');
  const errorId = (name: string) => `${id}-${name.replace(/[^\w-]/g, '_')}-error`;

  const chooseSource = (account: SmartAccountSummary) => {
    if (sameId(source?.id, account.id)) return;
    setSource(account);
    setLicenseQty({});
    setDeviceIds([]);
    if (sameId(dest?.id, account.id)) {
      setDest(null);
      setVaId('');
    }
    setLocal({});
  };
  const chooseDest = (account: SmartAccountSummary) => {
    if (sameId(dest?.id, account.id)) return;
    setDest(account);
    setVaId('');
    setLocal({});
  };

  const validate = (index: number): Record<string, string> => {
    const missing: Record<string, string> = {};
    const stepName: Step = STEPS[index];
    if (stepName === 'source' && !source) missing.source_smart_account_id = t('transferWizard.source.required');
    if (stepName === 'destination') {
      if (!dest) missing.destination_smart_account_id = t('transferWizard.destination.required');
      else if (!vaId) missing.destination_virtual_account_id = t('transferWizard.destination.vaRequired');
    }
    if (stepName === 'compliance') {
      if (!same) missing.same_legal_entity = t('transferWizard.compliance.answerRequired');
      if (same === 'no') {
        if (!confirmDifferent) missing.confirm_different = t('transferWizard.compliance.confirmRequired');
        if (!transferee.trim()) missing.transferee_email = t('form.required');
        else if (!EMAIL.test(transferee.trim())) missing.transferee_email = t('form.invalidEmail');
      }
    }
    if (stepName === 'assets') {
      const chosen = Object.keys(licenseQty).length + deviceIds.length;
      if (chosen === 0) missing.assets = t('transferWizard.assets.required');
      for (const l of licenses) {
        const q = licenseQty[String(l.id)];
        if (q === undefined) continue;
        const n = Number(q);
        if (!Number.isInteger(n) || n < 1 || n > l.transferable) {
          missing[`license:${l.id}`] = t('transferWizard.assets.quantityRange', { max: l.transferable });
        }
      }
    }
    if (stepName === 'form') {
      if (!form.justification.trim()) missing.justification = t('form.required');
      if (!form.name.trim()) missing['requester.name'] = t('form.required');
      if (!form.phone.trim()) missing['requester.phone'] = t('form.required');
      if (!form.company.trim()) missing['requester.company'] = t('form.required');
      if (!accepted) missing.accept_terms = t('transferWizard.form.termsRequired');
    }
    return missing;
  };

  const next = () => {
    const missing = validate(step);
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  };
  const back = () => {
    setLocal({});
    setStep((s) => Math.max(s - 1, 0));
  };

  const submit = () => {
    const missing = validate(4);
    setLocal(missing);
    if (Object.keys(missing).length > 0 || !source || !dest) return;
    const va = vaItems.find((v) => String(v.id) === vaId);
    const body: CreateTransferRequest = {
      source_smart_account_id: source.id,
      destination_smart_account_id: dest.id,
      destination_virtual_account_id: va?.id ?? vaId,
      same_legal_entity: same === 'yes',
      ...(same === 'no' ? { transferee_email: transferee.trim() } : {}),
      licenses: licenses
        .filter((l) => licenseQty[String(l.id)] !== undefined)
        .map((l) => ({ license_id: l.id, quantity: Number(licenseQty[String(l.id)]) })),
      devices: devices.filter((d) => deviceIds.includes(String(d.id))).map((d) => d.id),
      justification: form.justification.trim(),
      requester: { name: form.name.trim(), phone: form.phone.trim(), company: form.company.trim() },
      accept_terms: true,
      ...(internal && form.caseNumber.trim() ? { case_number: form.caseNumber.trim() } : {}),
    };
    mutation.mutate(body);
  };

  const toggleLicense = (l: EligibleLicense, checked: boolean) =>
    setLicenseQty((current) => {
      const copy = { ...current };
      if (checked) copy[String(l.id)] = String(l.transferable);
      else delete copy[String(l.id)];
      return copy;
    });
  const toggleDevice = (d: EligibleDevice, checked: boolean) =>
    setDeviceIds((current) => (checked ? [...current, String(d.id)] : current.filter((x) => x !== String(d.id))));

  const stepTitle = (index: number) => t(`transferWizard.steps.${STEPS[index]}`);
  const setField = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const vaName = vaItems.find((v) => String(v.id) === vaId)?.name ?? '';
  const myAccounts = (mine.data?.items ?? []).filter((a) => !sameId(a.id, source?.id));

  let body: ReactNode;
  switch (STEPS[step]) {
    case 'source':
      body = (
        <>
          <p className="section-description">{t('transferWizard.source.description')}</p>
          <div className={countsFor ? 'with-side-panel' : undefined}>
            <div>
              <AccountSearch
                selected={source}
                onSelect={chooseSource}
                onShowCounts={(a) => setCountsFor((c) => (sameId(c?.id, a.id) ? null : a))}
                countsFor={countsFor}
              />
              {source && <p className="section-description">{t('transferWizard.source.chosen', { name: source.name })}</p>}
              <FieldErrorText id={errorId('source_smart_account_id')} message={errors.source_smart_account_id} />
            </div>
            {countsFor && <CountsPanel account={countsFor} onClose={() => setCountsFor(null)} />}
          </div>
        </>
      );
      break;
    case 'destination':
      body = (
        <>
          <p className="section-description">{t('transferWizard.destination.description')}</p>
          <Tabs
            label={t('transferWizard.destination.tabsLabel')}
            tabs={[
              { key: 'mine' as const, label: t('transferWizard.destination.mine') },
              { key: 'search' as const, label: t('transferWizard.destination.search') },
            ]}
            selected={destTab}
            onSelect={setDestTab}
          >
            {destTab === 'mine' ? (
              <>
                {mine.isPending && <Loading />}
                {mine.isError && <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
                {mine.isSuccess && myAccounts.length === 0 && <EmptyState>{t('transferWizard.destination.mineEmpty')}</EmptyState>}
                {myAccounts.length > 0 && (
                  <AccountChoice
                    accounts={myAccounts}
                    caption={t('transferWizard.destination.mineCaption')}
                    selected={dest}
                    onSelect={chooseDest}
                  />
                )}
              </>
            ) : (
              <AccountSearch selected={dest} onSelect={chooseDest} exclude={source?.id} />
            )}
          </Tabs>
          {dest && <p className="section-description">{t('transferWizard.destination.chosen', { name: dest.name })}</p>}
          <FieldErrorText id={errorId('destination_smart_account_id')} message={errors.destination_smart_account_id} />
          {dest && (
            <>
              {vas.isPending && <Loading />}
              {vas.isError && <ErrorAlert error={vas.error} onRetry={() => void vas.refetch()} />}
              {vas.isSuccess && (
                <SelectField
                  name="destination_virtual_account_id"
                  label={t('transferWizard.destination.virtualAccount')}
                  className="field-medium"
                  value={vaId}
                  error={errors.destination_virtual_account_id}
                  onChange={(e) => setVaId(e.target.value)}
                  required
                >
                  <option value="">{t('transferWizard.destination.chooseVirtualAccount')}</option>
                  {vaItems.map((v) => (
                    <option key={v.id} value={String(v.id)}>
                      {v.name}
                    </option>
                  ))}
                </SelectField>
              )}
            </>
          )}
        </>
      );
      break;
    case 'compliance':
      body = (
        <>
          <fieldset
            className={`choice-group${errors.same_legal_entity ? ' field-invalid' : ''}`}
            aria-describedby={errors.same_legal_entity ? errorId('same_legal_entity') : undefined}
          >
            <legend>{t('transferWizard.compliance.question')}</legend>
            {(['yes', 'no'] as const).map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name={`${id}-same`}
                  value={value}
                  checked={same === value}
                  onChange={() => setSame(value)}
                />
                <span className="choice-text">
                  <strong>{t(`transferWizard.compliance.${value}`)}</strong>{' '}
                  <span className="choice-note">{t(`transferWizard.compliance.${value}Hint`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <FieldErrorText id={errorId('same_legal_entity')} message={errors.same_legal_entity} />
          {same === 'no' && (
            <>
              <div className={`check-field${errors.confirm_different ? ' field-invalid' : ''}`}>
                <input
                  id={`${id}-confirm`}
                  type="checkbox"
                  checked={confirmDifferent}
                  required
                  aria-invalid={errors.confirm_different ? true : undefined}
                  aria-describedby={errors.confirm_different ? errorId('confirm_different') : undefined}
                  onChange={(e) => setConfirmDifferent(e.target.checked)}
                />
                <label htmlFor={`${id}-confirm`}>{t('transferWizard.compliance.confirmDifferent')}</label>
              </div>
              <FieldErrorText id={errorId('confirm_different')} message={errors.confirm_different} />
              <TextField
                name="transferee_email"
                type="email"
                className="field-medium"
                label={t('transferWizard.compliance.transferee')}
                hint={t('transferWizard.compliance.transfereeHint', { name: dest?.name ?? '' })}
                value={transferee}
                error={errors.transferee_email}
                autoComplete="off"
                onChange={(e) => setTransferee(e.target.value)}
                required
              />
              <p className="notice notice-expired">{t('transferWizard.compliance.differentNote')}</p>
            </>
          )}
        </>
      );
      break;
    case 'assets':
      body = (
        <>
          <p className="section-description">{t('transferWizard.assets.description', { name: source?.name ?? '' })}</p>
          {eligible.isPending && <Loading />}
          {eligible.isError && <ErrorAlert error={eligible.error} onRetry={() => void eligible.refetch()} />}
          {eligible.isSuccess && (
            <>
              <h3>{t('transferWizard.assets.licenses')}</h3>
              {licenses.length === 0 ? (
                <EmptyState>{t('transferWizard.assets.noLicenses')}</EmptyState>
              ) : (
                <div className="table-wrap" role="region" aria-labelledby={`${id}-lic`} tabIndex={0}>
                  <table className="asset-table">
                    <caption id={`${id}-lic`}>{t('transferWizard.assets.licenses')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('transferWizard.assets.select')}</th>
                        <th scope="col">{t('transferWizard.assets.product')}</th>
                        <th scope="col">{t('transferWizard.assets.virtualAccount')}</th>
                        <th scope="col" className="cell-number">{t('transferWizard.assets.quantity')}</th>
                        <th scope="col" className="cell-number">{t('transferWizard.assets.inUse')}</th>
                        <th scope="col" className="cell-number">{t('transferWizard.assets.reserved')}</th>
                        <th scope="col" className="cell-number">{t('transferWizard.assets.transferable')}</th>
                        <th scope="col">{t('transferWizard.assets.toTransfer')}</th>
                        <th scope="col">{t('transferWizard.assets.notEligible')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {licenses.map((l) => {
                        const key = String(l.id);
                        const selectable = l.eligible && l.transferable > 0;
                        const checked = licenseQty[key] !== undefined;
                        const error = errors[`license:${l.id}`];
                        const names = { product: l.product, va: l.virtual_account_name };
                        return (
                          <tr key={key} className={selectable ? undefined : 'row-disabled'}>
                            <td>
                              <input
                                type="checkbox"
                                aria-label={t('transferWizard.assets.selectLicense', names)}
                                checked={checked}
                                disabled={!selectable}
                                onChange={(e) => toggleLicense(l, e.target.checked)}
                              />
                            </td>
                            <th scope="row">{l.product}</th>
                            <td>{l.virtual_account_name}</td>
                            <td className="cell-number">{fmt.number(l.quantity)}</td>
                            <td className="cell-number">{fmt.number(l.in_use)}</td>
                            <td className="cell-number">{fmt.number(l.reserved)}</td>
                            <td className="cell-number">{fmt.number(l.transferable)}</td>
                            <td>
                              {selectable ? (
                                <>
                                  <input
                                    type="number"
                                    className="input-quantity"
                                    min={1}
                                    max={l.transferable}
                                    step={1}
                                    aria-label={t('transferWizard.assets.quantityOf', names)}
                                    value={licenseQty[key] ?? String(l.transferable)}
                                    disabled={!checked}
                                    aria-invalid={error ? true : undefined}
                                    aria-describedby={error ? errorId(`license-${key}`) : undefined}
                                    onChange={(e) => setLicenseQty((c) => ({ ...c, [key]: e.target.value }))}
                                  />
                                  <FieldErrorText id={errorId(`license-${key}`)} message={error} />
                                </>
                              ) : (
                                t('common.none')
                              )}
                            </td>
                            <td>{labels.reason(l.reason) || (selectable ? t('common.none') : t('transferWizard.assets.nothingTransferable'))}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
              <h3>{t('transferWizard.assets.devices')}</h3>
              {devices.length === 0 ? (
                <EmptyState>{t('transferWizard.assets.noDevices')}</EmptyState>
              ) : (
                <div className="table-wrap" role="region" aria-labelledby={`${id}-dev`} tabIndex={0}>
                  <table className="asset-table">
                    <caption id={`${id}-dev`}>{t('transferWizard.assets.devices')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('transferWizard.assets.select')}</th>
                        <th scope="col">{t('transferWizard.assets.name')}</th>
                        <th scope="col">{t('transferWizard.assets.serial')}</th>
                        <th scope="col">{t('transferWizard.assets.product')}</th>
                        <th scope="col">{t('transferWizard.assets.deployment')}</th>
                        <th scope="col">{t('transferWizard.assets.virtualAccount')}</th>
                        <th scope="col">{t('transferWizard.assets.notEligible')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {devices.map((d) => {
                        const key = String(d.id);
                        const error = errors[`device:${d.id}`];
                        return (
                          <tr key={key} className={d.eligible ? undefined : 'row-disabled'}>
                            <td>
                              <input
                                type="checkbox"
                                aria-label={t('transferWizard.assets.selectDevice', { name: d.name, serial: d.serial })}
                                checked={deviceIds.includes(key)}
                                disabled={!d.eligible}
                                aria-invalid={error ? true : undefined}
                                aria-describedby={error ? errorId(`device-${key}`) : undefined}
                                onChange={(e) => toggleDevice(d, e.target.checked)}
                              />
                              <FieldErrorText id={errorId(`device-${key}`)} message={error} />
                            </td>
                            <th scope="row">{d.name}</th>
                            <td className="cell-email">{d.serial}</td>
                            <td>{d.product}</td>
                            <td>{labels.deployment(String(d.deployment))}</td>
                            <td>{d.virtual_account_name}</td>
                            <td>{labels.reason(d.reason) || t('common.none')}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
              <FieldErrorText id={errorId('assets')} message={errors.assets ?? errors.licenses ?? errors.devices} />
            </>
          )}
        </>
      );
      break;
    case 'form':
      body = (
        <form className="form" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby={`${id}-step-title`}>
          <dl className="review-list">
            <dt>{t('transferPage.source')}</dt>
            <dd>{source?.name}</dd>
            <dt>{t('transferPage.destination')}</dt>
            <dd>{dest?.name}</dd>
            <dt>{t('transferPage.destinationVirtualAccount')}</dt>
            <dd>{vaName}</dd>
            <dt>{t('transferPage.sameLegalEntity')}</dt>
            <dd>{same === 'yes' ? t('transferWizard.compliance.yes') : t('transferWizard.compliance.no')}</dd>
            {same === 'no' && (
              <>
                <dt>{t('transferPage.transferee')}</dt>
                <dd>{transferee.trim()}</dd>
              </>
            )}
            <dt>{t('transferWizard.form.assets')}</dt>
            <dd>
              {t('transferWizard.form.assetCount', {
                licenses: Object.keys(licenseQty).length,
                devices: deviceIds.length,
              })}
            </dd>
          </dl>
          <TextAreaField
            name="justification"
            label={t('transferWizard.form.justification')}
            rows={4}
            value={form.justification}
            error={errors.justification}
            onChange={setField('justification')}
            required
          />
          <div className="requester-fields">
            <TextField
              name="requester_name"
              label={t('transferWizard.form.name')}
              value={form.name}
              error={errors['requester.name']}
              autoComplete="name"
              onChange={setField('name')}
              required
            />
            <TextField
              name="requester_phone"
              type="tel"
              label={t('transferWizard.form.phone')}
              value={form.phone}
              error={errors['requester.phone']}
              autoComplete="tel"
              onChange={setField('phone')}
              required
            />
            <TextField
              name="requester_company"
              label={t('transferWizard.form.company')}
              value={form.company}
              error={errors['requester.company']}
              autoComplete="organization"
              onChange={setField('company')}
              required
            />
            {internal && (
              <TextField
                name="case_number"
                label={t('transferWizard.form.caseNumber')}
                hint={t('transferWizard.form.caseNumberHint')}
                value={form.caseNumber}
                error={errors.case_number}
                autoComplete="off"
                onChange={setField('caseNumber')}
              />
            )}
          </div>
          <p id={`${id}-terms-text`} className="section-description">
            {t('transferWizard.form.termsText')}
          </p>
          <div className={`check-field${errors.accept_terms ? ' field-invalid' : ''}`}>
            <input
              id={`${id}-terms`}
              type="checkbox"
              name="accept_terms"
              checked={accepted}
              required
              aria-invalid={errors.accept_terms ? true : undefined}
              aria-describedby={`${id}-terms-text${errors.accept_terms ? ` ${errorId('accept_terms')}` : ''}`}
              onChange={(e) => setAccepted(e.target.checked)}
            />
            <label htmlFor={`${id}-terms`}>{t('transferWizard.form.terms')}</label>
          </div>
          <FieldErrorText id={errorId('accept_terms')} message={errors.accept_terms} />
        </form>
      );
      break;
  }

  const last = step === STEPS.length - 1;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/transfers">{t('transfers.title')}</Link>
      </p>
      <h1>{t('transferWizard.title')}</h1>
      <ol className="wizard-steps" aria-label={t('transferWizard.stepsLabel')}>
        {STEPS.map((name, index) => (
          <li key={name} aria-current={index === step ? 'step' : undefined} className={index === step ? 'is-current' : undefined}>
            {stepTitle(index)}
          </li>
        ))}
      </ol>
      <section aria-labelledby={`${id}-step-title`} className="wizard-step">
        <p className="wizard-progress">{t('transferWizard.progress', { step: step + 1, total: STEPS.length })}</p>
        <h2 id={`${id}-step-title`} ref={headingRef} tabIndex={-1}>
          {stepTitle(step)}
        </h2>
        {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={shownFields} />}
        {body}
        <div className="form-actions wizard-actions">
          {step > 0 && (
            <button type="button" className="button button-secondary" onClick={back} disabled={mutation.isPending}>
              {t('transferWizard.back')}
            </button>
          )}
          {last ? (
            <button type="button" className="button button-primary" onClick={submit} disabled={mutation.isPending}>
              {mutation.isPending ? t('transferWizard.submitting') : t('transferWizard.submit')}
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={next}>
              {t('transferWizard.next')}
            </button>
          )}
          <Link to="/transfers" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </section>
    </>
  );
}
