import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedRegistrationToken } from '../../api/types';
import { TextField } from '../../components/TextField';

/** The secret of a new token: shown once, until "Done". */
export function SecretPanel({ token, onDone }: { token: CreatedRegistrationToken; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="notice notice-success secret-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="notice-title">
        {t('vaPage.tokens.secretTitle', { description: token.description })}
      </h3>
      <p>{t('vaPage.tokens.secretNote')}</p>
      <TextField
        name="secret"
        label={t('vaPage.tokens.secret')}
        value={token.token}
        readOnly
        className="field-mono"
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {t('vaPage.tokens.copy')}
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          {t('vaPage.tokens.done')}
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes' ? t('vaPage.tokens.copied') : copied === 'failed' ? t('vaPage.tokens.copyFailed') : ''}
      </p>
    </section>
  );
}
