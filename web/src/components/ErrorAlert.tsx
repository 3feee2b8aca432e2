import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';

/** The message a person should read for a failed call, in the UI language. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (!isApiError(error)) return t('errors.unexpected', { status: '?' });
    if (error.status === 0) return t('errors.network');
    if (error.code === 'invalid_response') return t('errors.invalidResponse');
    // The server localizes `detail` by Accept-Language: prefer it.
    if (error.problem?.detail) return error.problem.detail;
    if (error.status === 429) {
      return error.retryAfter != null
        ? t('errors.rateLimited', { seconds: error.retryAfter })
        : t('errors.rateLimitedLater');
    }
    if (error.status === 403) return t('errors.forbidden');
    if (error.problem?.title) return error.problem.title;
    return t('errors.unexpected', { status: error.status });
  };
}

interface ErrorAlertProps {
  error: unknown;
  /** Field errors shown next to their fields; others are listed here. */
  shownFields?: readonly string[];
  onRetry?: () => void;
}

/** A failed call's general message (`role="alert"`), with any field errors no field on the page shows. */
export function ErrorAlert({ error, shownFields = [], onRetry }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  const unplaced = isApiError(error) ? error.fieldErrors.filter((fe) => !shownFields.includes(fe.field)) : [];
  // The request id helps support find a server failure in the logs; for the
  // person's own mistakes (4xx) it is noise.
  const requestId = isApiError(error) && error.status >= 500 ? error.problem?.request_id : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{message(error)}</p>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((fe) => (
            <li key={fe.field + fe.code}>
              <code>{fe.field}</code>: {fe.message}
            </li>
          ))}
        </ul>
      )}
      {requestId && <p className="alert-ref">{t('errors.requestId', { id: requestId })}</p>}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
