import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import type { SmartAccountRequestLookup } from '../api/types';
import { tokenLookupQueries } from '../api/queries';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextAreaField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { PublicLayout } from '../components/Layout';
import { useMe, useSession } from '../components/SessionProvider';
import { Loading } from '../components/StatusViews';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';

const KNOWN_STATES = ['accepted', 'declined', 'expired'] as const;

function sameEmail(a: string | undefined, b: string | undefined) {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Name + password (twice) for a person who has no user yet; checked here, then by the server. */
export function NewUserFields({
  values,
  onChange,
  errors,
}: {
  values: { name: string; password: string; confirm: string };
  onChange: (values: { name: string; password: string; confirm: string }) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        name="name"
        label={t('accept.newUser.name')}
        autoComplete="name"
        value={values.name}
        onChange={(e) => onChange({ ...values, name: e.target.value })}
        error={errors.name}
        required
      />
      <TextField
        name="password"
        type="password"
        label={t('accept.newUser.password')}
        hint={t('accept.newUser.passwordHint')}
        autoComplete="new-password"
        value={values.password}
        onChange={(e) => onChange({ ...values, password: e.target.value })}
        error={errors.password}
        required
      />
      <TextField
        name="confirm"
        type="password"
        label={t('accept.newUser.confirm')}
        autoComplete="new-password"
        value={values.confirm}
        onChange={(e) => onChange({ ...values, confirm: e.target.value })}
        error={errors.confirm}
        required
      />
    </>
  );
}

export function checkNewUser(values: { name: string; password: string; confirm: string }, t: (key: 'form.required' | 'accept.newUser.mismatch') => string) {
  const errors: Record<string, string> = {};
  if (!values.name.trim()) errors.name = t('form.required');
  if (!values.password) errors.password = t('form.required');
  if (!values.confirm) errors.confirm = t('form.required');
  else if (values.password !== values.confirm) errors.confirm = t('accept.newUser.mismatch');
  return errors;
}

function Details({ request }: { request: SmartAccountRequestLookup }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  return (
    <dl className="details">
      <dt>{t('accept.account.name')}</dt>
      <dd>{request.account_name}</dd>
      <dt>{t('accept.account.domain')}</dt>
      <dd>{request.domain}</dd>
      <dt>{t('accept.account.requestedBy')}</dt>
      <dd>{request.requester ? `${request.requester.name} (${request.requester.email})` : t('common.none')}</dd>
      <dt>{t('accept.account.customerEmail')}</dt>
      <dd>{request.customer_email}</dd>
      <dt>{t('accept.account.note')}</dt>
      <dd className="pre-wrap">{request.note_to_customer || t('common.none')}</dd>
      {request.expires_at && (
        <>
          <dt>{t('accept.account.expires')}</dt>
          <dd>
            <time dateTime={request.expires_at}>{fmt.date(request.expires_at)}</time>
          </dd>
        </>
      )}
    </dl>
  );
}

function Decide({ token, request }: { token: string; request: SmartAccountRequestLookup }) {
  const { t } = useTranslation();
  const api = useApi();
  const { status, adoptSession } = useSession();
  const { data: me } = useMe();
  const location = useLocation();
  const signedInAsCustomer = status === 'signedIn' && sameEmail(me?.email, request.customer_email);
  const needsUser = !request.customer_has_account && !signedInAsCustomer;
  const [user, setUser] = useState({ name: '', password: '', confirm: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const resultRef = useRef<HTMLDivElement>(null);

  const accept = useMutation({
    mutationFn: async () => {
      const result = await api.acceptSmartAccountRequest(
        needsUser ? { token, name: user.name.trim(), password: user.password } : { token },
      );
      // The server signed the new user in (cookie + csrf_token): the UI follows.
      if (result.csrf_token || needsUser) await adoptSession().catch(() => undefined);
      return result;
    },
  });
  const decline = useMutation({
    mutationFn: () => api.declineSmartAccountRequest({ token, reason: reason.trim() }),
  });

  useEffect(() => {
    if (accept.isSuccess || decline.isSuccess) resultRef.current?.focus();
  }, [accept.isSuccess, decline.isSuccess]);

  if (accept.isSuccess) {
    const account = accept.data.smart_account;
    return (
      <div ref={resultRef} className="notice notice-success" role="status" tabIndex={-1}>
        <h2 className="notice-title">{t('accept.accepted.title')}</h2>
        <p>{t('accept.accepted.body', { name: account.name || request.account_name })}</p>
        <p>
          <Link to={`/smart-accounts/${encodeURIComponent(String(account.id))}`}>
            {t('accept.accepted.open', { name: account.name || request.account_name })}
          </Link>
        </p>
      </div>
    );
  }
  if (decline.isSuccess) {
    return (
      <div ref={resultRef} className="notice notice-signedOut" role="status" tabIndex={-1}>
        <h2 className="notice-title">{t('accept.declined.title')}</h2>
        <p>{t('accept.declined.body', { name: request.account_name })}</p>
      </div>
    );
  }

  if (status === 'loading') return <Loading />;

  // An existing customer must be signed in as themselves.
  if (request.customer_has_account && !signedInAsCustomer) {
    return (
      <div className="notice notice-expired" role="note">
        <p>{t('accept.signIn.body', { email: request.customer_email })}</p>
        {status === 'signedIn' && <p>{t('accept.signIn.otherUser', { email: me?.email ?? '' })}</p>}
        {status === 'signedIn' ? (
          <SignOutThenBack />
        ) : (
          <Link to="/sign-in" state={{ from: location }} className="button button-primary">
            {t('accept.signIn.link')}
          </Link>
        )}
      </div>
    );
  }

  const acceptErrors = { ...fieldErrorMap(accept.error), ...local };

  const onAccept = (event: FormEvent) => {
    event.preventDefault();
    if (needsUser) {
      const errors = checkNewUser(user, t);
      setLocal(errors);
      if (Object.keys(errors).length > 0) return;
    }
    decline.reset();
    accept.mutate();
  };

  const onDecline = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError(t('accept.decline.reasonRequired'));
      return;
    }
    setReasonError(undefined);
    accept.reset();
    decline.mutate();
  };

  return (
    <>
      {accept.error != null && <ErrorAlert error={accept.error} shownFields={needsUser ? ['name', 'password'] : []} />}
      {decline.error != null && <ErrorAlert error={decline.error} shownFields={['reason']} />}
      <form className="form" onSubmit={onAccept} noValidate aria-labelledby="accept-form-title">
        <h2 id="accept-form-title">{t('accept.form.title')}</h2>
        {needsUser ? (
          <>
            <p>{t('accept.newUser.intro', { email: request.customer_email })}</p>
            <NewUserFields values={user} onChange={setUser} errors={acceptErrors} />
          </>
        ) : (
          <p>{t('accept.form.signedIn', { email: me?.email ?? request.customer_email })}</p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={accept.isPending}>
            {accept.isPending ? t('accept.form.accepting') : t('accept.form.accept')}
          </button>
          {!declining && (
            <button type="button" className="button button-secondary" onClick={() => setDeclining(true)}>
              {t('accept.form.decline')}
            </button>
          )}
        </div>
      </form>
      {declining && (
        <form className="form card card-spaced" onSubmit={onDecline} noValidate aria-labelledby="decline-title">
          <h2 id="decline-title">{t('accept.decline.title')}</h2>
          <TextAreaField
            name="reason"
            label={t('accept.decline.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={reasonError ?? fieldErrorMap(decline.error).reason}
            required
            autoFocus
          />
          <div className="form-actions">
            <button type="submit" className="button button-danger" disabled={decline.isPending}>
              {t('accept.decline.submit')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setDeclining(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function SignOutThenBack() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      {error != null && <ErrorAlert error={error} />}
      <button type="button" className="button button-primary" onClick={() => signOut().catch(setError)}>
        {t('accept.signIn.signOut')}
      </button>
    </>
  );
}

/** Shown instead of the form when the token is unknown or the request is no longer pending. */
function NotPending({ status }: { status: string }) {
  const { t } = useTranslation();
  const message = (KNOWN_STATES as readonly string[]).includes(status)
    ? t(`accept.state.${status as (typeof KNOWN_STATES)[number]}`)
    : t('accept.state.other', { status });
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
    </div>
  );
}

export function AcceptAccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  usePageTitle(t('accept.title'));

  const lookup = useQuery(tokenLookupQueries.smartAccountRequest(api, token));

  let body;
  if (!token) {
    body = (
      <div className="alert alert-error" role="alert">
        <p>{t('accept.noToken')}</p>
      </div>
    );
  } else if (lookup.isPending) {
    body = <Loading />;
  } else if (lookup.isError) {
    body = isApiError(lookup.error) && lookup.error.status === 404 ? (
      <ErrorAlert error={lookup.error} />
    ) : (
      <ErrorAlert error={lookup.error} onRetry={() => void lookup.refetch()} />
    );
  } else {
    const request = lookup.data;
    body = (
      <>
        <p className="lead">{t('accept.intro', { requester: request.requester?.name || request.requester?.email || '' })}</p>
        <Details request={request} />
        {request.status === 'pending' ? <Decide token={token} request={request} /> : <NotPending status={request.status} />}
      </>
    );
  }

  return (
    <PublicLayout wide>
      <h1>{t('accept.title')}</h1>
      {body}
    </PublicLayout>
  );
}
