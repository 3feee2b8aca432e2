import type { ReactNode } from 'react';
import type { Flag } from '../api/types';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { ErrorAlert } from './ErrorAlert';
import { hasFlag, useMe, useSession } from './SessionProvider';
import { Loading } from './StatusViews';

/** Where a session that must set up two-factor authentication first is kept. */
export const SECURITY_PATH = '/security';

/**
 * Renders children only with a session; otherwise sends the person to sign in
 * and back. A session whose user must still set up two-factor authentication
 * may only do that: every other page leads to the Security page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, startError, retryStart } = useSession();
  const { data: me } = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') {
    return (
      <main id="main" className="page-center">
        <Loading label={t('session.checking')} />
      </main>
    );
  }
  if (status === 'error') {
    return (
      <main id="main" className="page-center">
        <h1>{t('session.startFailed')}</h1>
        <ErrorAlert error={startError} onRetry={retryStart} />
      </main>
    );
  }
  if (status === 'signedOut') {
    return <Navigate to="/sign-in" replace state={{ from: location }} />;
  }
  if (me?.totp_enrollment_required && location.pathname !== SECURITY_PATH) {
    return <Navigate to={SECURITY_PATH} replace />;
  }
  return <>{children}</>;
}

/** Renders children only for users with the flag; others get a plain refusal. */
export function RequireFlag({ flag, children }: { flag: Flag; children: ReactNode }) {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me) return <Loading />;
  if (!hasFlag(me, flag)) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('errors.forbidden')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
