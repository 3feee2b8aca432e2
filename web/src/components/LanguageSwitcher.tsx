import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types';
import { currentLanguage, isSupportedLanguage, SUPPORTED_LANGUAGES } from '../i18n';
import { useErrorMessage } from './ErrorAlert';
import { useSession } from './SessionProvider';

/** A labelled select of the UI languages; each named in its own language. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { changeLanguage } = useSession();
  const message = useErrorMessage();
  const id = useId();
  const [failure, setFailure] = useState<string | null>(null);

  const onChange = (value: string) => {
    if (!isSupportedLanguage(value)) return;
    setFailure(null);
    changeLanguage(value as Locale).catch((error: unknown) => {
      // 401 is handled by the session (back to sign-in); others are shown.
      setFailure(`${t('language.saveFailed')} ${message(error)}`);
    });
  };

  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={currentLanguage()} onChange={(e) => onChange(e.target.value)}>
        {SUPPORTED_LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
      {failure && (
        <p className="language-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
