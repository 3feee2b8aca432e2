import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/TextField';
import { FieldErrorText } from './FieldErrorText';
import type { TransferWizard } from './useTransferWizard';

/** Step 3: the compliance screening question (same legal entity?) and, if not, the transferee. */
export function ComplianceStep({ wizard }: { wizard: TransferWizard }) {
  const { t } = useTranslation();
  const { id, dest, same, setSame, confirmDifferent, setConfirmDifferent, transferee, setTransferee, errors, errorId } = wizard;
  return (
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
}
