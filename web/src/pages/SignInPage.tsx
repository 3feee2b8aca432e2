import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, type Location } from 'react-router-dom';
import { fieldErrorMap } from '../api/errors';
import { ErrorAlert } from '../components/ErrorAlert';
import { PublicLayout } from '../components/Layout';
import { useSession } from '../components/SessionProvider';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];

export function SignInPage() {
  const { t } = useTranslation();
  const { status, notice, signIn } = useSession();
  const location = useLocation();
  const from = (location.state as { from?: Location } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  usePageTitle(t('signIn.title'));

  const mutation = useMutation({
    mutationFn: (credentials: { email: string; password: string }) => signIn(credentials.email, credentials.password),
  });

  const serverErrors = fieldErrorMap(mutation.error);
  const errors: Partial<Record<Field, string>> = { ...serverErrors, ...localErrors };

  // After a failed attempt, put the cursor where the person has to act.
  useEffect(() => {
    if (errors.email) emailRef.current?.focus();
    else if (errors.password) passwordRef.current?.focus();
  }, [mutation.error, localErrors]);

  if (status === 'signedIn') {
    const target = from && from.pathname !== '/sign-in' ? `${from.pathname}${from.search ?? ''}${from.hash ?? ''}` : '/';
    return <Navigate to={target} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (!email.trim()) missing.email = t('signIn.emailRequired');
    if (!password) missing.password = t('signIn.passwordRequired');
    setLocalErrors(missing);
    if (Object.keys(missing).length > 0) {
      mutation.reset();
      return;
    }
    mutation.mutate({ email: email.trim(), password });
  };

  return (
    <PublicLayout>
      <div className="card">
        <h1>{t('signIn.title')}</h1>
        <p className="lead">{t('signIn.intro')}</p>
        {notice && !mutation.error && (
          <p className={`notice notice-${notice}`} role="status">
            {notice === 'expired' ? t('session.expired') : t('session.signedOut')}
          </p>
        )}
        {mutation.error && <ErrorAlert error={mutation.error} shownFields={FIELDS} />}
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
      </div>
    </PublicLayout>
  );
}
