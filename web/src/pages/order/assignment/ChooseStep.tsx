import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField } from '../../../components/Fields';
import { StatusBadge } from '../../../components/labels';
import { EmptyState, Loading } from '../../../components/StatusViews';
import { Tabs } from '../../../components/Tabs';
import { TextField } from '../../../components/TextField';
import type { SearchBy } from '../../../api/types';
import { ASSIGNABLE, KINDS, SEARCH_BY, type AssignmentForm } from './useAssignment';

/** The first step: the kind of Smart Account, the search and its results, the Virtual Account, the lines (and the case number). */
export function ChooseStep({ form }: { form: AssignmentForm }) {
  const { t } = useTranslation();
  const { id, support, kind, onSelectKind, by, setBy, draft, setDraft, search, onSearch, results, shown, chosen, choose, vas, vaItems, vaId, setVaId, lines, toggleLine, smartLines, lineErrors, caseNumber, setCaseNumber, errors, errorId } = form;
  return (
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
  );
}
