import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { can } from '../api/permissions';
import { caseKeys, caseQueries } from '../api/queries';
import { CASE_STATUSES, type CaseStatus, type SupportCase } from '../api/types';
import { useApi } from '../components/ApiContext';
import { CaseStatusBadge, isCaseStatus, useCaseLabels } from '../components/caseLabels';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextAreaField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { orderPath } from '../components/orderLabels';
import { hasFlag, useMe } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { actorName } from './AcceptInvitationPage';

function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('casePage.notFound.title'));
  return (
    <>
      <h1>{t('casePage.notFound.title')}</h1>
      <p>{t('casePage.notFound.body')}</p>
      <p>
        <Link to="/cases">{t('casePage.notFound.back')}</Link>
      </p>
    </>
  );
}

/** Licensing support (the server lists "set_status") sets the status: Open, Waiting for customer, Closed. */
function StatusForm({ supportCase, onSaved }: { supportCase: SupportCase; onSaved: (c: SupportCase) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<string>(String(supportCase.status));
  useEffect(() => setStatus(String(supportCase.status)), [supportCase.status]);
  const mutation = useMutation({
    mutationFn: (next: CaseStatus) => api.updateCaseStatus(supportCase.id, next),
    onSuccess: onSaved,
  });
  const errors = fieldErrorMap(mutation.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isCaseStatus(status)) mutation.mutate(status);
  };
  return (
    <form className="filter-form" onSubmit={onSubmit} noValidate aria-label={t('casePage.statusForm')}>
      <SelectField
        name="status"
        label={t('casePage.status')}
        className="field-narrow"
        value={status}
        error={errors.status}
        onChange={(e) => setStatus(e.target.value)}
      >
        {CASE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`cases.status.${s}`)}
          </option>
        ))}
      </SelectField>
      <div className="filter-actions">
        <button type="submit" className="button button-secondary" disabled={mutation.isPending || status === supportCase.status}>
          {mutation.isPending ? t('common.saving') : t('casePage.updateStatus')}
        </button>
      </div>
      {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={['status']} />}
    </form>
  );
}

function ReplyForm({ supportCase, onSent }: { supportCase: SupportCase; onSent: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [body, setBody] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const mutation = useMutation({
    mutationFn: (text: string) => api.addCaseComment(supportCase.id, text),
    onSuccess: () => {
      setBody('');
      onSent();
    },
  });
  const server = fieldErrorMap(mutation.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setLocal(t('form.required'));
      ref.current?.focus();
      return;
    }
    setLocal(undefined);
    mutation.mutate(body.trim());
  };
  const closed = isApiError(mutation.error) && mutation.error.code === 'case_closed';
  return (
    <form className="form reply-form" onSubmit={onSubmit} noValidate aria-label={t('casePage.replyForm')}>
      {mutation.error != null && !closed && <ErrorAlert error={mutation.error} shownFields={['body']} />}
      <TextAreaField
        ref={ref}
        name="body"
        label={t('casePage.reply')}
        rows={4}
        value={body}
        error={local ?? server.body ?? (closed ? (mutation.error as { problem?: { detail?: string } }).problem?.detail || t('casePage.closedNote') : undefined)}
        onChange={(e) => setBody(e.target.value)}
        required
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('casePage.sending') : t('casePage.send')}
        </button>
      </div>
    </form>
  );
}

/** One case: its details and status, the linked order, the comments thread and a reply form. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useCaseLabels();
  const queryClient = useQueryClient();
  const location = useLocation();
  const threadId = useId();
  const { data: me } = useMe();
  const support = hasFlag(me, 'licensing_support');
  const created = (location.state as { created?: string } | null)?.created;
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery(caseQueries.detail(api, id));
  const supportCase = query.data;
  usePageTitle(supportCase ? t('casePage.title', { number: supportCase.number }) : t('cases.title'));

  useEffect(() => setNotice(null), [id]);

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <NotFound />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!supportCase) return <NotFound />;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
    void queryClient.invalidateQueries({ queryKey: caseKeys.all });
  };
  const comments = supportCase.comments ?? [];
  const message = notice ?? (created ? t('casePage.createdNotice', { number: created }) : null);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{support ? t('cases.queueTitle') : t('cases.title')}</Link>
      </p>
      <div className="title-row">
        <h1>{t('casePage.title', { number: supportCase.number })}</h1>
        <CaseStatusBadge status={String(supportCase.status)} />
      </div>
      <p className="notice notice-success" role="status" hidden={!message}>
        {message}
      </p>
      <dl className="details">
        <dt>{t('casePage.number')}</dt>
        <dd>{supportCase.number}</dd>
        <dt>{t('casePage.status')}</dt>
        <dd>{labels.status(String(supportCase.status))}</dd>
        <dt>{t('caseForm.category')}</dt>
        <dd>{labels.category(supportCase.category)}</dd>
        <dt>{t('caseForm.subject')}</dt>
        <dd>{supportCase.subject}</dd>
        <dt>{t('caseForm.descriptionField')}</dt>
        <dd className="case-text">{supportCase.description}</dd>
        <dt>{t('casePage.order')}</dt>
        <dd>
          {supportCase.order_number ? <Link to={orderPath(supportCase.order_number)}>{supportCase.order_number}</Link> : t('common.none')}
        </dd>
        <dt>{t('caseForm.smartAccount')}</dt>
        <dd>{supportCase.smart_account?.name ?? t('common.none')}</dd>
        <dt>{t('caseForm.transferId')}</dt>
        <dd>{supportCase.transfer_id != null && supportCase.transfer_id !== '' ? String(supportCase.transfer_id) : t('common.none')}</dd>
        <dt>{t('casePage.openedBy')}</dt>
        <dd>{supportCase.opened_by ? supportCase.opened_by.name || supportCase.opened_by.email : t('common.none')}</dd>
        <dt>{t('casePage.createdAt')}</dt>
        <dd>
          <time dateTime={supportCase.created_at}>{fmt.dateTime(supportCase.created_at)}</time>
        </dd>
        <dt>{t('casePage.updated')}</dt>
        <dd>
          <time dateTime={supportCase.updated_at}>{fmt.dateTime(supportCase.updated_at)}</time>
        </dd>
      </dl>

      {can(supportCase, 'set_status') && (
        <StatusForm
          supportCase={supportCase}
          onSaved={(updated) => {
            queryClient.setQueryData(caseKeys.detail(id), { ...updated, comments: updated.comments ?? supportCase.comments });
            refresh();
            setNotice(t('casePage.statusSaved', { status: labels.status(String(updated.status)) }));
          }}
        />
      )}

      <section aria-labelledby={`${threadId}-title`} className="case-thread">
        <h2 id={`${threadId}-title`}>{t('casePage.comments')}</h2>
        {comments.length === 0 ? (
          <EmptyState>{t('casePage.noComments')}</EmptyState>
        ) : (
          <ol className="comment-list" aria-labelledby={`${threadId}-title`}>
            {comments.map((c) => (
              <li key={String(c.id)} className={c.author_is_support ? 'comment comment-support' : 'comment'}>
                <p className="comment-meta">
                  <strong>{actorName(c.author) || t('history.system')}</strong>
                  {c.author_is_support && <span className="badge badge-case-support">{t('casePage.supportBadge')}</span>}
                  <time dateTime={c.created_at}>{fmt.dateTime(c.created_at)}</time>
                </p>
                <p className="case-text">{c.body}</p>
              </li>
            ))}
          </ol>
        )}
        {supportCase.status === 'closed' && <p className="notice notice-signedOut">{t('casePage.closedNote')}</p>}
        <ReplyForm
          supportCase={supportCase}
          onSent={() => {
            refresh();
            setNotice(t('casePage.replySent'));
          }}
        />
      </section>
    </>
  );
}
