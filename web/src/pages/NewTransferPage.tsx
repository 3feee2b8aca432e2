import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DestinationStep, SourceStep } from './new-transfer/AccountSteps';
import { AssetsStep } from './new-transfer/AssetsStep';
import { ComplianceStep } from './new-transfer/ComplianceStep';
import { RequestStep } from './new-transfer/RequestStep';
import { useTransferWizard } from './new-transfer/useTransferWizard';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';
import { STEPS } from './new-transfer/wizard';

/**
 * "Request Asset Transfer" (seed 000): source Smart Account → destination
 * Smart Account and Virtual Account → compliance screening questions →
 * assets → request form, then "Submit for Review".
 */
export function NewTransferPage() {
  const { t } = useTranslation();
  const wizard = useTransferWizard();
  const { id, step, headingRef, mutation, shownFields, back, submit, next, stepTitle } = wizard;
  usePageTitle(t('transferWizard.title'));

  let body: ReactNode;
  switch (STEPS[step]) {
    case 'source':
      body = <SourceStep wizard={wizard} />;
      break;
    case 'destination':
      body = <DestinationStep wizard={wizard} />;
      break;
    case 'compliance':
      body = <ComplianceStep wizard={wizard} />;
      break;
    case 'assets':
      body = <AssetsStep wizard={wizard} />;
      break;
    case 'form':
      body = <RequestStep wizard={wizard} />;
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
