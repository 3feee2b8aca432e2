import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, type Location } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { ErrorAlert } from '../components/ErrorAlert';
import { PublicLayout } from '../components/Layout';
import { useSession } from '../components/SessionProvider';
import { OneTimeCodeField, TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';

const FIELDS = ['email', 'password'] as const;
const CODE_FIELDS = ['totp_code'] as const;
type Field = (typeof FIELDS)[number] | (typeof CODE_FIELDS)[number];

/** The server's answer when the password was right and the account has a second factor. */
function asksForCode(error: unknown): boolean {
  return isApiError(error) && error.code === 'totp_required';
}

/** "123 456" → "123456": authenticator apps show the code in two groups. */
export function normalizeCode(text: string): string {
  return text.replace(/[\s-]/g, '');
}

export function SignInPage() {
  const { t } = useTranslation();
  const { status, notice, signIn } = useSession();
  const location = useLocation();
  const from = (location.state as { from?: Location } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Second step: the password was accepted, the account wants a TOTP code.
  const [codeStep, setCodeStep] = useState(false);
  const [code, setCode] = useState('');
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  usePageTitle(t('signIn.title'));

  const mutation = useMutation({
    mutationFn: (credentials: { email: string; password: string; totpCode?: string }) =>
      signIn(credentials.email, credentials.password, credentials.totpCode),
    onError: (error) => {
      if (asksForCode(error)) setCodeStep(true);
    },
  });

  // Being asked for the code is the next step, not a mistake: no alert, no field error.
  const failed = mutation.error && !asksForCode(mutation.error) ? mutation.error : null;
  const serverErrors = fieldErrorMap(failed);
  const errors: Partial<Record<Field, string>> = { ...serverErrors, ...localErrors };

  // After a failed attempt (or on reaching the code step), put the cursor where the person has to act.
  useEffect(() => {
    if (codeStep) codeRef.current?.focus();
    else if (errors.email) emailRef.current?.focus();
    else if (errors.password) passwordRef.current?.focus();
  }, [mutation.error, localErrors, codeStep]);

  if (status === 'signedIn') {
    const target = from && from.pathname !== '/sign-in' ? `${from.pathname}${from.search ?? ''}${from.hash ?? ''}` : '/';
    return <Navigate to={target} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    const totpCode = normalizeCode(code);
    if (codeStep) {
      if (!totpCode) missing.totp_code = t('signIn.codeRequired');
      else if (!/^\d{6}$/.test(totpCode)) missing.totp_code = t('signIn.codeFormat');
    } else {
      if (!email.trim()) missing.email = t('signIn.emailRequired');
      if (!password) missing.password = t('signIn.passwordRequired');
    }
    setLocalErrors(missing);
    if (Object.keys(missing).length > 0) {
      mutation.reset();
      if (missing.totp_code) codeRef.current?.focus();
      return;
    }
    mutation.mutate(codeStep ? { email: email.trim(), password, totpCode } : { email: email.trim(), password });
  };

  /** Back to email and password (another account, or a mistyped address). */
  const onStartOver = () => {
    mutation.reset();
    setLocalErrors({});
    setCodeStep(false);
    setCode('');
    setPassword('');
  };

  return (
    <PublicLayout>
      <div className="card">
        <h1>{t('signIn.title')}</h1>
        <p className="lead">{t('signIn.intro')}</p>
        {notice && !mutation.error && !codeStep && (
          <p className={`notice notice-${notice}`} role="status">
            {notice === 'expired' ? t('session.expired') : t('session.signedOut')}
          </p>
        )}
        {failed && <ErrorAlert error={failed} shownFields={codeStep ? CODE_FIELDS : FIELDS} />}
        {codeStep ? (
          <form onSubmit={onSubmit} noValidate className="form">
            <p>{t('signIn.codeIntro', { email: email.trim() })}</p>
            <OneTimeCodeField
              ref={codeRef}
              name="totp_code"
              label={t('signIn.code')}
              hint={t('signIn.codeHint')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={errors.totp_code}
            />
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={mutation.isPending}>
                {mutation.isPending ? t('signIn.submitting') : t('signIn.submit')}
              </button>
              <button type="button" className="button button-secondary" onClick={onStartOver} disabled={mutation.isPending}>
                {t('signIn.startOver')}
              </button>
            </div>
          </form>
        ) : (
          <form onSubmit={onSubmit} noValidate className="form">
            <TextField
              ref={emailRef}
              name="email"
              type="email"
              label={t('signIn.email')}
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={errors.email}
            />
            <TextField
              ref={passwordRef}
              name="password"
              type="password"
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.password}
            />
            <button type="submit" className="button button-primary" disabled={mutation.isPending}>
              {mutation.isPending ? t('signIn.submitting') : t('signIn.submit')}
            </button>
          </form>
        )}
      </div>
    </PublicLayout>
  );
}
