import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { meKeys } from '../api/queries';
import type { Me, TotpEnrollment } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { hasFlag, useMe } from '../components/SessionProvider';
import { Loading } from '../components/StatusViews';
import { OneTimeCodeField, TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { SigningKeys } from './security/SigningKeys';
import { normalizeCode } from './SignInPage';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to read and to type into an app. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** The local check of a code field: a message, or undefined when it looks right. */
function useCodeCheck() {
  const { t } = useTranslation();
  return (code: string): string | undefined => {
    if (!code) return t('security.codeRequired');
    if (!/^\d{6}$/.test(code)) return t('security.codeFormat');
    return undefined;
  };
}

/** The otpauth URI as a QR code (an SVG image); nothing when it cannot be drawn. */
function QrCode({ uri }: { uri: string }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setSrc(null);
    import('qrcode')
      .then((qr) => qr.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }))
      .then((svg) => {
        if (!cancelled) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        // The setup key and the link below are enough to enroll.
      });
    return () => {
      cancelled = true;
    };
  }, [uri]);
  if (!src) return null;
  return <img className="totp-qr" src={src} alt={t('security.setup.qrAlt')} width={200} height={200} />;
}

/** Step 1 of enrollment: the current password, for a new secret. */
function StartForm({ onStarted }: { onStarted: (enrollment: TotpEnrollment) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const passwordRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (currentPassword: string) => api.startTotpEnrollment(currentPassword),
    onSuccess: onStarted,
    onError: (error) => {
      // Turned on meanwhile (another tab): show the current state.
      if (isApiError(error) && error.code === 'totp_already_enabled') {
        void queryClient.invalidateQueries({ queryKey: meKeys.all });
      }
    },
  });
  const error = local ?? fieldErrorMap(mutation.error).current_password;

  useEffect(() => {
    if (error) passwordRef.current?.focus();
  }, [mutation.error, local]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      mutation.reset();
      setLocal(t('security.passwordRequired'));
      return;
    }
    setLocal(undefined);
    mutation.mutate(password);
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p>{t('security.setup.passwordIntro')}</p>
      {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={['current_password']} />}
      <TextField
        ref={passwordRef}
        name="current_password"
        type="password"
        label={t('security.currentPassword')}
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('security.setup.starting') : t('security.setup.start')}
        </button>
      </div>
    </form>
  );
}

/** Step 2 of enrollment: the secret for the app, then a code from it to turn TOTP on. */
function ConfirmForm({
  enrollment,
  onConfirmed,
  onCancel,
}: {
  enrollment: TotpEnrollment;
  onConfirmed: (me: Me) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const checkCode = useCodeCheck();
  const [code, setCode] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (value: string) => api.confirmTotp(value),
    onSuccess: onConfirmed,
  });
  const error = local ?? fieldErrorMap(mutation.error).code;

  useEffect(() => {
    if (error) codeRef.current?.focus();
  }, [mutation.error, local]);

  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(enrollment.secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = normalizeCode(code);
    const problem = checkCode(value);
    setLocal(problem);
    if (problem) {
      mutation.reset();
      return;
    }
    mutation.mutate(value);
  };

  return (
    <>
      <section className="notice notice-info secret-panel" aria-labelledby={`${id}-scan`}>
        <h3 id={`${id}-scan`} className="notice-title">
          {t('security.setup.scanTitle')}
        </h3>
        <p>{t('security.setup.scan')}</p>
        <QrCode uri={enrollment.otpauth_uri} />
        <TextField
          name="secret"
          label={t('security.setup.key')}
          hint={t('security.setup.keyHint', {
            algorithm: enrollment.algorithm,
            digits: enrollment.digits,
            period: enrollment.period,
          })}
          value={groupSecret(enrollment.secret)}
          readOnly
          className="field-mono"
          onFocus={(e) => e.currentTarget.select()}
        />
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={() => void copy()}>
            {t('security.setup.copy')}
          </button>
          <a className="button button-secondary" href={enrollment.otpauth_uri}>
            {t('security.setup.openApp')}
          </a>
        </div>
        <p role="status" className="field-hint">
          {copied === 'yes' ? t('security.setup.copied') : copied === 'failed' ? t('security.setup.copyFailed') : ''}
        </p>
      </section>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p>{t('security.setup.confirmIntro')}</p>
        {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={['code']} />}
        <OneTimeCodeField
          ref={codeRef}
          name="code"
          label={t('security.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? t('security.setup.turningOn') : t('security.setup.turnOn')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel} disabled={mutation.isPending}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </>
  );
}

/** Turning TOTP off: the current password and a current code. */
function DisableForm({ onDisabled }: { onDisabled: (me: Me) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const checkCode = useCodeCheck();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [local, setLocal] = useState<{ current_password?: string; code?: string }>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (input: { current_password: string; code: string }) => api.disableTotp(input),
    onSuccess: onDisabled,
    onError: (error) => {
      // Policy changed meanwhile: show that it is required now.
      if (isApiError(error) && error.code === 'totp_required') {
        void queryClient.invalidateQueries({ queryKey: meKeys.all });
      }
    },
  });
  const errors = { ...fieldErrorMap(mutation.error), ...local } as { current_password?: string; code?: string };

  useEffect(() => {
    if (errors.current_password) passwordRef.current?.focus();
    else if (errors.code) codeRef.current?.focus();
  }, [mutation.error, local]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = normalizeCode(code);
    const missing: { current_password?: string; code?: string } = {};
    if (!password) missing.current_password = t('security.passwordRequired');
    const codeProblem = checkCode(value);
    if (codeProblem) missing.code = codeProblem;
    setLocal(missing);
    if (missing.current_password || missing.code) {
      mutation.reset();
      return;
    }
    mutation.mutate({ current_password: password, code: value });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p>{t('security.disable.intro')}</p>
      {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={['current_password', 'code']} />}
      <TextField
        ref={passwordRef}
        name="current_password"
        type="password"
        label={t('security.currentPassword')}
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.current_password}
      />
      <OneTimeCodeField
        ref={codeRef}
        name="code"
        label={t('security.code')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={errors.code}
      />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={mutation.isPending}>
          {mutation.isPending ? t('security.disable.turningOff') : t('security.disable.turnOff')}
        </button>
      </div>
    </form>
  );
}

/**
 * Two-factor authentication (TOTP, RFC 6238) for the signed-in user: its
 * state, setting it up, turning it off. When policy requires it and it is not
 * set up yet, every signed-in page leads here (see RequireAuth).
 */
export function SecurityPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [enrollment, setEnrollment] = useState<TotpEnrollment | null>(null);
  const [done, setDone] = useState<'on' | 'off' | null>(null);
  const setupId = useId();
  const disableId = useId();
  usePageTitle(t('security.title'));

  if (!me) return <Loading />;

  const enabled = !!me.totp_enabled;
  const required = !!me.totp_required;
  const mustEnroll = !!me.totp_enrollment_required;

  const onConfirmed = (updated: Me) => {
    setEnrollment(null);
    queryClient.setQueryData(meKeys.all, updated);
    void queryClient.invalidateQueries({ queryKey: meKeys.all });
    if (mustEnroll) {
      // The rest of the application is open now.
      navigate('/', { replace: true });
      return;
    }
    setDone('on');
  };

  const onDisabled = (updated: Me) => {
    queryClient.setQueryData(meKeys.all, updated);
    void queryClient.invalidateQueries({ queryKey: meKeys.all });
    setDone('off');
  };

  return (
    <>
      <h1>{t('security.title')}</h1>
      {mustEnroll ? (
        <p className="notice notice-warning">{t('security.enrollmentRequired')}</p>
      ) : (
        <p className="lead">{t('security.intro')}</p>
      )}
      {done && (
        <p className="notice notice-success" role="status">
          {done === 'on' ? t('security.turnedOn') : t('security.turnedOff')}
        </p>
      )}
      <p className="totp-status">
        <strong>{enabled ? t('security.statusOn') : t('security.statusOff')}</strong>
      </p>
      {required && !mustEnroll && <p>{t('security.requiredNote')}</p>}
      {!enabled && (
        <section aria-labelledby={setupId} className="card card-spaced">
          <h2 id={setupId}>{t('security.setup.title')}</h2>
          {enrollment ? (
            <ConfirmForm enrollment={enrollment} onConfirmed={onConfirmed} onCancel={() => setEnrollment(null)} />
          ) : (
            <StartForm
              onStarted={(started) => {
                setDone(null);
                setEnrollment(started);
              }}
            />
          )}
        </section>
      )}
      {enabled && !required && (
        <section aria-labelledby={disableId} className="card card-spaced">
          <h2 id={disableId}>{t('security.disable.title')}</h2>
          <DisableForm onDisabled={onDisabled} />
        </section>
      )}
      {enabled && required && <p>{t('security.cannotDisable')}</p>}
      {hasFlag(me, 'platform_admin') && !mustEnroll && <SigningKeys />}
    </>
  );
}
