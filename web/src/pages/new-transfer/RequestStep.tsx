import { useTranslation } from 'react-i18next';
import { TextAreaField } from '../../components/Fields';
import { TextField } from '../../components/TextField';
import { FieldErrorText } from './FieldErrorText';
import type { TransferWizard } from './useTransferWizard';

/** Step 5: the summary, the justification, the requester and the terms of use. */
export function RequestStep({ wizard }: { wizard: TransferWizard }) {
  const { t } = useTranslation();
  const { id, internal, source, dest, same, transferee, licenseQty, deviceIds, form, accepted, setAccepted, errors, errorId, setField, vaName } = wizard;
  return (
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
}
