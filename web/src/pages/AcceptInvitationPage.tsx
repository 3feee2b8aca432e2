import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { fieldErrorMap } from '../api/errors';
import type { Actor, InvitationLookup } from '../api/types';
import { tokenLookupQueries } from '../api/queries';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLabels } from '../components/labels';
import { PublicLayout } from '../components/Layout';
import { useMe, useSession } from '../components/SessionProvider';
import { Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { checkNewUser, NewUserFields } from './AcceptAccountPage';

export function actorName(actor: Actor): string {
  if (!actor) return '';
  if (typeof actor === 'string') return actor;
  return actor.name || actor.email || String(actor.id ?? '');
}

function Accept({ token, invitation }: { token: string; invitation: InvitationLookup }) {
  const { t } = useTranslation();
  const api = useApi();
  const { status, adoptSession } = useSession();
  const { data: me } = useMe();
  const signedInAsInvitee = status === 'signedIn' && me?.email.toLowerCase() === invitation.email.toLowerCase();
  const [user, setUser] = useState({ name: '', password: '', confirm: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const doneRef = useRef<HTMLDivElement>(null);

  const accept = useMutation({
    mutationFn: async () => {
      const result = await api.acceptInvitation(
        signedInAsInvitee ? { token } : { token, name: user.name.trim(), password: user.password },
      );
      if (!signedInAsInvitee) await adoptSession().catch(() => undefined);
      return result;
    },
  });
  useEffect(() => {
    if (accept.isSuccess) doneRef.current?.focus();
  }, [accept.isSuccess]);

  if (accept.isSuccess) {
    const account = accept.data.smart_account ?? invitation.smart_account;
    return (
      <div ref={doneRef} className="notice notice-success" role="status" tabIndex={-1}>
        <h2 className="notice-title">{t('invitation.accepted.title')}</h2>
        <p>{t('invitation.accepted.body', { name: account.name })}</p>
        <p>
          <Link to={`/smart-accounts/${encodeURIComponent(String(account.id))}`}>
            {t('accept.accepted.open', { name: account.name })}
          </Link>
        </p>
      </div>
    );
  }
  if (status === 'loading') return <Loading />;

  const errors = { ...fieldErrorMap(accept.error), ...local };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!signedInAsInvitee) {
      const found = checkNewUser(user, t);
      setLocal(found);
      if (Object.keys(found).length > 0) return;
    }
    accept.mutate();
  };

  return (
    <>
      {accept.error != null && <ErrorAlert error={accept.error} shownFields={signedInAsInvitee ? [] : ['name', 'password']} />}
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="invitation-form-title">
        <h2 id="invitation-form-title">{t('invitation.form.title')}</h2>
        {signedInAsInvitee ? (
          <p>{t('accept.form.signedIn', { email: invitation.email })}</p>
        ) : (
          <>
            <p>{t('accept.newUser.intro', { email: invitation.email })}</p>
            <NewUserFields values={user} onChange={setUser} errors={errors} />
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={accept.isPending}>
            {accept.isPending ? t('accept.form.accepting') : t('invitation.form.accept')}
          </button>
        </div>
      </form>
    </>
  );
}

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const api = useApi();
  const labels = useLabels();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  usePageTitle(t('invitation.title'));

  const lookup = useQuery(tokenLookupQueries.invitation(api, token));

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
    body = <ErrorAlert error={lookup.error} />;
  } else {
    const inv = lookup.data;
    body = (
      <>
        <p className="lead">
          {t('invitation.intro', { account: inv.smart_account.name, inviter: actorName(inv.invited_by) || t('common.none') })}
        </p>
        <dl className="details">
          <dt>{t('invitation.details.account')}</dt>
          <dd>{inv.smart_account.name}</dd>
          <dt>{t('invitation.details.email')}</dt>
          <dd>{inv.email}</dd>
          <dt>{t('invitation.details.role')}</dt>
          <dd>{labels.role(inv.role)}</dd>
          {inv.virtual_account && (
            <>
              <dt>{t('invitation.details.virtualAccount')}</dt>
              <dd>{inv.virtual_account.name}</dd>
            </>
          )}
        </dl>
        <Accept token={token} invitation={inv} />
      </>
    );
  }

  return (
    <PublicLayout wide>
      <h1>{t('invitation.title')}</h1>
      {body}
    </PublicLayout>
  );
}
