import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { smartAccountQueries } from '../api/queries';
import type { AssignmentRequest, Id, Me, Order, SearchBy, SmartAccountSummary } from '../api/types';
import { useApi } from '../components/ApiContext';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Fields';
import { newCasePath } from '../components/caseLabels';
import { StatusBadge } from '../components/labels';
import { hasFlag } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { TextField } from '../components/TextField';

type Kind = 'customer' | 'holding';
const KINDS: readonly Kind[] = ['customer', 'holding'];
const SEARCH_BY: readonly SearchBy[] = ['domain', 'name', 'email'];
/** Smart Accounts an order may be assigned to; a pending one keeps the hold. */
const ASSIGNABLE = new Set(['active', 'pending']);
/** The request's fields that the first step of the dialog shows. */
const CHOOSE_FIELDS = ['smart_account_id', 'virtual_account_id', 'line_numbers', 'case_number'];

export interface AssignmentStart {
  /** The line whose pencil was used; undefined for "Assign Smart Account". */
  lineNumber?: number;
}

function isChooseField(field: string) {
  return CHOOSE_FIELDS.some((f) => field === f || field.startsWith(`${f}[`) || field.startsWith(`${f}.`));
}

/** The lines an assignment starts with: every Smart-enabled line, or the edited line and the lines assigned like it. */
function initialLines(order: Order, start: AssignmentStart): number[] {
  const smart = order.lines.filter((l) => l.smart_enabled);
  if (start.lineNumber === undefined) return smart.map((l) => l.line_number);
  const edited = order.lines.find((l) => l.line_number === start.lineNumber);
  if (!edited) return [start.lineNumber];
  const same = (a: { id: Id } | null, b: { id: Id } | null) => String(a?.id ?? '') === String(b?.id ?? '');
  return smart
    .filter(
      (l) =>
        l.line_number === edited.line_number ||
        (edited.smart_account && same(l.smart_account, edited.smart_account) && same(l.virtual_account, edited.virtual_account)),
    )
    .map((l) => l.line_number);
}

/**
 * "Smart Account Assignment" (seeds 001, 002, 004): choose an end-customer or
 * holding Smart Account by domain, name or email, a Virtual Account and the
 * lines; accept the terms of use; submit; confirm once more with "Yes".
 */
export function AssignmentDialog({
  order,
  me,
  start,
  onClose,
  onSaved,
}: {
  order: Order;
  me: Me | undefined;
  start: AssignmentStart;
  onClose: () => void;
  onSaved: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const support = hasFlag(me, 'licensing_support');
  const edited = order.lines.find((l) => l.line_number === start.lineNumber);

  const [step, setStep] = useState<'choose' | 'review'>('choose');
  const [kind, setKind] = useState<Kind>(edited?.smart_account?.kind === 'holding' ? 'holding' : 'customer');
  const [by, setBy] = useState<SearchBy>('domain');
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState<{ by: SearchBy; q: string } | null>(null);
  const [chosen, setChosen] = useState<SmartAccountSummary | null>(null);
  const [vaId, setVaId] = useState('');
  const [lines, setLines] = useState<number[]>(() => initialLines(order, start));
  const [caseNumber, setCaseNumber] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});

  const results = useQuery(smartAccountQueries.search(api, search));
  const shown = (results.data?.items ?? []).filter((a) => a.kind === kind);

  const vas = useQuery(smartAccountQueries.assignableVirtualAccounts(api, chosen?.id ?? null));
  const vaItems = vas.data?.items ?? [];

  // A new Smart Account starts with its current Virtual Account (editing) or DEFAULT.
  useEffect(() => {
    if (!chosen || vaId || vaItems.length === 0) return;
    const current =
      edited?.smart_account && String(edited.smart_account.id) === String(chosen.id) ? edited.virtual_account : null;
    const preferred =
      vaItems.find((v) => current && String(v.id) === String(current.id)) ?? vaItems.find((v) => v.name === 'DEFAULT');
    if (preferred) setVaId(String(preferred.id));
  }, [chosen, vaId, vaItems, edited]);

  const mutation = useMutation({
    mutationFn: (input: AssignmentRequest) => api.assignOrder(order.sales_order_number, input),
    onSuccess: (updated) => {
      setConfirming(false);
      onSaved(updated);
    },
    onError: (error) => {
      setConfirming(false);
      if (!isApiError(error)) return;
      const onFirstStep =
        error.fieldErrors.some((fe) => isChooseField(fe.field)) ||
        error.code === 'smart_account_not_assignable' ||
        error.code === 'case_number_required';
      if (onFirstStep) setStep('choose');
    },
  });

  const server = fieldErrorMap(mutation.error);
  // `line_numbers[i]` names the i-th line of the request: say which line it is.
  const sent = mutation.variables?.line_numbers ?? [];
  const lineErrors = Object.entries(server)
    .filter(([field]) => field === 'line_numbers' || field.startsWith('line_numbers['))
    .map(([field, message]) => {
      const index = /^line_numbers\[(\d+)\]/.exec(field)?.[1];
      const line = index !== undefined ? sent[Number(index)] : undefined;
      return line !== undefined ? t('assign.lineError', { line, message }) : message;
    });
  const errors: Record<string, string | undefined> = {
    ...server,
    ...(isApiError(mutation.error) && mutation.error.code === 'case_number_required' && support
      ? { case_number: mutation.error.problem?.detail ?? t('form.required') }
      : {}),
    ...local,
  };
  const shownFields = [
    ...Object.keys(server).filter((f) => isChooseField(f) || f === 'accept_terms'),
  ];

  const onSelectKind = (next: Kind) => {
    setKind(next);
    if (chosen && chosen.kind !== next) {
      setChosen(null);
      setVaId('');
    }
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const q = draft.trim();
    if (!q) {
      setLocal({ q: t('assign.queryRequired') });
      return;
    }
    setLocal({});
    setChosen(null);
    setVaId('');
    setSearch({ by, q });
  };

  const choose = (account: SmartAccountSummary) => {
    if (chosen && String(chosen.id) === String(account.id)) return;
    setChosen(account);
    setVaId('');
    setLocal((l) => ({ ...l, smart_account_id: '' }));
  };

  const toggleLine = (line: number, checked: boolean) =>
    setLines((current) => (checked ? [...current, line] : current.filter((l) => l !== line)));

  const onAssign = () => {
    const missing: Record<string, string> = {};
    if (!chosen) missing.smart_account_id = t('assign.chooseAccount');
    else if (!vaId) missing.virtual_account_id = t('assign.virtualAccountRequired');
    if (lines.length === 0) missing.line_numbers = t('assign.linesRequired');
    if (support && !caseNumber.trim()) missing.case_number = t('form.required');
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    mutation.reset();
    setStep('review');
  };

  const onSubmit = () => {
    if (!accepted) {
      setLocal({ accept_terms: t('assign.termsRequired') });
      return;
    }
    setLocal({});
    setConfirming(true);
  };

  const va = vaItems.find((v) => String(v.id) === vaId);
  const sortedLines = [...lines].sort((a, b) => a - b);
  const smartLines = order.lines.filter((l) => l.smart_enabled);
  const errorId = (name: string) => `${id}-${name}-error`;

  const alert = mutation.error != null && (
    <>
      <ErrorAlert error={mutation.error} shownFields={shownFields} />
      {isApiError(mutation.error) && mutation.error.code === 'open_licensing_case' && (
        <p>
          <Link to={newCasePath({ order_number: order.sales_order_number })} onClick={onClose}>
            {t('assign.openCaseLink')}
          </Link>
        </p>
      )}
      {isApiError(mutation.error) && mutation.error.code === 'use_asset_transfer' && (
        <p>
          <Link to="/transfers" onClick={onClose}>
            {t('assign.transferLink')}
          </Link>
        </p>
      )}
    </>
  );

  return (
    <Dialog
      title={t('assign.title')}
      onClose={onClose}
      description={<p>{t('assign.description', { order: order.sales_order_number })}</p>}
      actions={
        step === 'choose' ? (
          <>
            <button type="button" className="button button-primary" onClick={onAssign}>
              {t('assign.assign')}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-primary" onClick={onSubmit} disabled={mutation.isPending}>
              {t('assign.submit')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setLocal({});
                setStep('choose');
              }}
            >
              {t('assign.back')}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </>
        )
      }
    >
      {alert}
      {step === 'choose' ? (
        <>
          <Tabs
            label={t('assign.tabsLabel')}
            tabs={KINDS.map((key) => ({ key, label: t(key === 'customer' ? 'assign.tabs.customer' : 'assign.tabs.holding') }))}
            selected={kind}
            onSelect={onSelectKind}
          >
            <p className="section-description">{kind === 'customer' ? t('assign.customerHint') : t('assign.holdingHint')}</p>
            <form className="filter-form" role="search" aria-label={t('assign.query')} onSubmit={onSearch} noValidate>
              <SelectField
                name="by"
                label={t('assign.by')}
                className="field-narrow"
                value={by}
                onChange={(e) => setBy(e.target.value as SearchBy)}
              >
                {SEARCH_BY.map((value) => (
                  <option key={value} value={value}>
                    {t(value === 'domain' ? 'assign.byOptions.domain' : value === 'name' ? 'assign.byOptions.name' : 'assign.byOptions.email')}
                  </option>
                ))}
              </SelectField>
              <TextField
                name="q"
                type="search"
                label={t('assign.query')}
                value={draft}
                autoComplete="off"
                data-autofocus
                error={errors.q}
                onChange={(e) => setDraft(e.target.value)}
              />
              <div className="filter-actions">
                <button type="submit" className="button button-secondary">
                  {t('assign.search')}
                </button>
              </div>
            </form>
            {search && results.isPending && <Loading />}
            {results.isError && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
            {results.isSuccess && shown.length === 0 && (
              <EmptyState>
                {kind === 'customer' ? t('assign.emptyCustomer', { q: search?.q }) : t('assign.emptyHolding', { q: search?.q })}
              </EmptyState>
            )}
            {shown.length > 0 && (
              <fieldset
                className={`choice-group${errors.smart_account_id ? ' field-invalid' : ''}`}
                aria-describedby={errors.smart_account_id ? errorId('smart_account_id') : undefined}
              >
                <legend>{t('assign.results')}</legend>
                {shown.map((account) => {
                  const assignable = ASSIGNABLE.has(String(account.status));
                  return (
                    <label key={account.id} className={`choice${assignable ? '' : ' choice-disabled'}`}>
                      <input
                        type="radio"
                        name={`${id}-account`}
                        value={String(account.id)}
                        checked={!!chosen && String(chosen.id) === String(account.id)}
                        disabled={!assignable}
                        onChange={() => choose(account)}
                      />
                      <span className="choice-text">
                        <strong>{account.name}</strong> <span className="cell-email">{account.domain}</span>{' '}
                        <StatusBadge status={String(account.status)} />
                        {account.status === 'pending' && <span className="choice-note">{t('assign.pendingNote')}</span>}
                        {!assignable && <span className="choice-note">{t('assign.notAssignable')}</span>}
                      </span>
                    </label>
                  );
                })}
              </fieldset>
            )}
            {errors.smart_account_id && (
              <p id={errorId('smart_account_id')} className="field-error">
                {errors.smart_account_id}
              </p>
            )}
            {chosen && (
              <>
                {vas.isPending && <Loading />}
                {vas.isError && <ErrorAlert error={vas.error} onRetry={() => void vas.refetch()} />}
                {vas.isSuccess && (
                  <SelectField
                    name="virtual_account_id"
                    label={t('assign.virtualAccount')}
                    value={vaId}
                    error={errors.virtual_account_id}
                    onChange={(e) => setVaId(e.target.value)}
                    required
                  >
                    <option value="">{t('assign.chooseVirtualAccount')}</option>
                    {vaItems.map((v) => (
                      <option key={v.id} value={String(v.id)}>
                        {v.name}
                      </option>
                    ))}
                  </SelectField>
                )}
              </>
            )}
          </Tabs>
          <fieldset
            className={`choice-group${errors.line_numbers || lineErrors.length ? ' field-invalid' : ''}`}
            aria-describedby={`${id}-lines-hint${errors.line_numbers || lineErrors.length ? ` ${errorId('lines')}` : ''}`}
          >
            <legend>{t('assign.lines')}</legend>
            <p id={`${id}-lines-hint`} className="field-hint">
              {t('assign.linesHint')}
            </p>
            {smartLines.map((line) => (
              <label key={line.line_number} className="choice">
                <input
                  type="checkbox"
                  name="line_numbers"
                  value={line.line_number}
                  checked={lines.includes(line.line_number)}
                  onChange={(e) => toggleLine(line.line_number, e.target.checked)}
                />
                <span className="choice-text">
                  {t('assign.lineLabel', { line: line.line_number, sku: line.sku, description: line.description })}
                </span>
              </label>
            ))}
            {(errors.line_numbers || lineErrors.length > 0) && (
              <div id={errorId('lines')}>
                {[...new Set([errors.line_numbers, ...lineErrors].filter(Boolean))].map((message) => (
                  <p key={message} className="field-error">
                    {message}
                  </p>
                ))}
              </div>
            )}
          </fieldset>
          {support && (
            <TextField
              name="case_number"
              label={t('assign.caseNumber')}
              hint={t('assign.caseNumberHint')}
              value={caseNumber}
              error={errors.case_number}
              onChange={(e) => setCaseNumber(e.target.value)}
              autoComplete="off"
              required
            />
          )}
        </>
      ) : (
        <>
          <h3>{t('assign.review.title')}</h3>
          <dl className="review-list">
            <dt>{t('assign.review.smartAccount')}</dt>
            <dd>
              {chosen?.name} ({chosen?.domain}) <StatusBadge status={String(chosen?.status ?? '')} />
            </dd>
            <dt>{t('assign.review.virtualAccount')}</dt>
            <dd>{va?.name}</dd>
            <dt>{t('assign.review.lines')}</dt>
            <dd>{sortedLines.join(', ')}</dd>
            {support && (
              <>
                <dt>{t('assign.caseNumber')}</dt>
                <dd>{caseNumber.trim()}</dd>
              </>
            )}
          </dl>
          {chosen?.status === 'pending' && <p className="notice notice-expired">{t('assign.pendingNote')}</p>}
          <p id={`${id}-terms-text`} className="section-description">
            {t('assign.termsText')}
          </p>
          <div className={`check-field${errors.accept_terms ? ' field-invalid' : ''}`}>
            <input
              id={`${id}-terms`}
              type="checkbox"
              name="accept_terms"
              checked={accepted}
              aria-invalid={errors.accept_terms ? true : undefined}
              aria-describedby={`${id}-terms-text${errors.accept_terms ? ` ${errorId('accept_terms')}` : ''}`}
              onChange={(e) => {
                setAccepted(e.target.checked);
                if (e.target.checked) setLocal({});
              }}
              data-autofocus
            />
            <label htmlFor={`${id}-terms`}>{t('assign.terms')}</label>
          </div>
          {errors.accept_terms && (
            <p id={errorId('accept_terms')} className="field-error">
              {errors.accept_terms}
            </p>
          )}
        </>
      )}
      {confirming && (
        <Dialog
          title={t('assign.confirm.title')}
          role="alertdialog"
          onClose={() => !mutation.isPending && setConfirming(false)}
          description={
            <p>
              {t('assign.confirm.message', {
                lines: sortedLines.join(', '),
                order: order.sales_order_number,
                account: chosen?.name ?? '',
                virtualAccount: va?.name ?? '',
              })}
            </p>
          }
          actions={
            <>
              <button type="button" className="button button-primary" onClick={() =>
                  mutation.mutate({
                    smart_account_id: chosen!.id,
                    virtual_account_id: va?.id ?? vaId,
                    line_numbers: sortedLines,
                    accept_terms: accepted,
                    ...(support ? { case_number: caseNumber.trim() } : {}),
                  })
                } disabled={mutation.isPending}>
                {mutation.isPending ? t('assign.submitting') : t('assign.confirm.yes')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setConfirming(false)}
                disabled={mutation.isPending}
                data-autofocus
              >
                {t('assign.confirm.no')}
              </button>
            </>
          }
        >
          {null}
        </Dialog>
      )}
    </Dialog>
  );
}
