import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { transferChanged, transferQueries } from '../api/queries';
import { can } from '../api/permissions';
import type { Transfer, TransferDecision } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ConfirmDialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextAreaField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { EmptyState, Loading } from '../components/StatusViews';
import { isAutomaticStatus, TransferStatusBadge, useTransferLabels } from '../components/transferLabels';
import { usePageTitle } from '../components/usePageTitle';
import { actorName } from './AcceptInvitationPage';
import { SubmitTransferDialog, TRANSFER_POLL_MS } from './TransfersPage';

function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('transferPage.notFound.title'));
  return (
    <>
      <h1>{t('transferPage.notFound.title')}</h1>
      <p>{t('transferPage.notFound.body')}</p>
      <p>
        <Link to="/transfers">{t('transferPage.notFound.back')}</Link>
      </p>
    </>
  );
}

/**
 * A decision with a text: the transferee's consent (comment) or the compliance
 * officer's screening (reason); the text is required to reject.
 */
function DecisionForm({
  kind,
  transfer,
  onDecided,
}: {
  kind: 'consent' | 'screening';
  transfer: Transfer;
  onDecided: (updated: Transfer, decision: TransferDecision) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const field = kind === 'consent' ? 'comment' : 'reason';
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const mutation = useMutation({
    mutationFn: (decision: TransferDecision) =>
      kind === 'consent'
        ? api.consentTransfer(transfer.id, { decision, comment: text.trim() })
        : api.screenTransfer(transfer.id, { decision, reason: text.trim() }),
    onSuccess: (updated, decision) => {
      setText('');
      onDecided(updated, decision);
    },
  });
  const server = fieldErrorMap(mutation.error);
  const decide = (decision: TransferDecision) => {
    // Rejecting needs a reason (screening) or a comment (consent): the requester is told why.
    if (decision === 'reject' && !text.trim()) {
      setLocal(kind === 'consent' ? t('transferPage.consent.commentRequired') : t('transferPage.screening.reasonRequired'));
      ref.current?.focus();
      return;
    }
    setLocal(undefined);
    mutation.mutate(decision);
  };
  return (
    <section aria-labelledby={`${id}-title`} className="card card-spaced decision-card">
      <h2 id={`${id}-title`}>{t(`transferPage.${kind}.title`)}</h2>
      <p className="section-description">{t(`transferPage.${kind}.description`)}</p>
      {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={[field]} />}
      <form className="form" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby={`${id}-title`}>
        <TextAreaField
          ref={ref}
          name={field}
          label={kind === 'consent' ? t('transferPage.consent.comment') : t('transferPage.screening.reason')}
          hint={kind === 'consent' ? t('transferPage.consent.commentHint') : t('transferPage.screening.reasonHint')}
          rows={3}
          value={text}
          error={local ?? server[field]}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => decide('approve')} disabled={mutation.isPending}>
            {t('transferPage.approve')}
          </button>
          <button type="button" className="button button-danger" onClick={() => decide('reject')} disabled={mutation.isPending}>
            {t('transferPage.reject')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** One transaction: its details, assets, history, and the actions its flags allow. Polls while in an automatic status. */
export function TransferPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useTransferLabels();
  const queryClient = useQueryClient();
  const location = useLocation();
  const assetsId = useId();
  const historyId = useId();
  const created = (location.state as { created?: string } | null)?.created;
  const [notice, setNotice] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const query = useQuery({
    ...transferQueries.detail(api, id),
    refetchInterval: (q) => (isAutomaticStatus(q.state.data?.status) ? TRANSFER_POLL_MS : false),
  });
  const transfer = query.data;
  usePageTitle(t('transferPage.title', { id }));

  useEffect(() => setNotice(null), [id]);

  const saved = (updated: Transfer, message: string) => {
    transferChanged(queryClient, { id, transfer: updated });
    setNotice(message);
  };

  const cancel = useMutation({
    mutationFn: () => api.cancelTransfer(id),
    onSuccess: (updated) => {
      setCancelling(false);
      saved(updated, t('transferPage.cancelled', { id }));
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <NotFound />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!transfer) return <NotFound />;

  const message = notice ?? (created ? t('transferPage.createdNotice', { id: created }) : null);
  const statusName = labels.status(String(transfer.status), transfer.status_label);
  const assets = transfer.assets ?? [];
  const history = transfer.history ?? [];
  const requester = transfer.requester;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/transfers">{t('transfers.title')}</Link>
      </p>
      <div className="title-row">
        <h1>{t('transferPage.title', { id: transfer.id })}</h1>
        <TransferStatusBadge status={String(transfer.status)} label={transfer.status_label} />
      </div>
      <p className="notice notice-success" role="status" hidden={!message}>
        {message}
      </p>
      {isAutomaticStatus(transfer.status) && <p className="section-description">{t('transferPage.automatic')}</p>}

      {(can(transfer, 'submit') || can(transfer, 'cancel')) && (
        <div className="page-actions">
          {can(transfer, 'submit') && (
            <button type="button" className="button button-primary" onClick={() => setSubmitting(true)}>
              {t('transfers.submit.confirm')}
            </button>
          )}
          {can(transfer, 'cancel') && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                cancel.reset();
                setCancelling(true);
              }}
            >
              {t('transferPage.cancel')}
            </button>
          )}
        </div>
      )}

      <dl className="details">
        <dt>{t('transferPage.id')}</dt>
        <dd>{transfer.id}</dd>
        <dt>{t('transferPage.status')}</dt>
        <dd>{statusName}</dd>
        <dt>{t('transferPage.source')}</dt>
        <dd>{transfer.source_smart_account?.name ?? t('common.none')}</dd>
        <dt>{t('transferPage.destination')}</dt>
        <dd>{transfer.destination_smart_account?.name ?? t('common.none')}</dd>
        <dt>{t('transferPage.destinationVirtualAccount')}</dt>
        <dd>{transfer.destination_virtual_account?.name ?? t('common.none')}</dd>
        <dt>{t('transferPage.sameLegalEntity')}</dt>
        <dd>{transfer.same_legal_entity ? t('transferWizard.compliance.yes') : t('transferWizard.compliance.no')}</dd>
        <dt>{t('transferPage.transferee')}</dt>
        <dd className="cell-email">{transfer.transferee_email || t('common.none')}</dd>
        <dt>{t('transferPage.justification')}</dt>
        <dd className="case-text">{transfer.justification || t('common.none')}</dd>
        <dt>{t('transferPage.requester')}</dt>
        <dd>
          {requester
            ? [requester.name, requester.phone, requester.company].filter(Boolean).join(' · ') || t('common.none')
            : t('common.none')}
        </dd>
        <dt>{t('transferPage.requestedBy')}</dt>
        <dd>{actorName(transfer.requested_by) || t('common.none')}</dd>
        {transfer.case_number && (
          <>
            <dt>{t('transferWizard.form.caseNumber')}</dt>
            <dd>{transfer.case_number}</dd>
          </>
        )}
        <dt>{t('transferPage.created')}</dt>
        <dd>
          <time dateTime={transfer.created_at}>{fmt.dateTime(transfer.created_at)}</time>
        </dd>
        <dt>{t('transferPage.updated')}</dt>
        <dd>
          <time dateTime={transfer.updated_at}>{fmt.dateTime(transfer.updated_at)}</time>
        </dd>
      </dl>

      {can(transfer, 'consent') && (
        <DecisionForm
          kind="consent"
          transfer={transfer}
          onDecided={(updated, decision) =>
            saved(updated, t(decision === 'approve' ? 'transferPage.consent.approved' : 'transferPage.consent.rejected', { id }))
          }
        />
      )}
      {can(transfer, 'screen') && (
        <DecisionForm
          kind="screening"
          transfer={transfer}
          onDecided={(updated, decision) =>
            saved(updated, t(decision === 'approve' ? 'transferPage.screening.approved' : 'transferPage.screening.rejected', { id }))
          }
        />
      )}

      <section aria-labelledby={`${assetsId}-title`}>
        <h2 id={`${assetsId}-title`}>{t('transferPage.assets.title')}</h2>
        {assets.length === 0 ? (
          <EmptyState>{t('transferPage.assets.empty')}</EmptyState>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby={`${assetsId}-caption`} tabIndex={0}>
            <table>
              <caption id={`${assetsId}-caption`}>{t('transferPage.assets.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('transferPage.assets.kind')}</th>
                  <th scope="col">{t('transferPage.assets.item')}</th>
                  <th scope="col" className="cell-number">
                    {t('transferPage.assets.quantity')}
                  </th>
                  <th scope="col">{t('transferPage.assets.outcome')}</th>
                  <th scope="col">{t('transferPage.assets.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {assets.map((a) => (
                  <tr key={`${a.kind}-${a.id}`}>
                    <td>{labels.kind(String(a.kind))}</td>
                    <th scope="row">
                      {a.kind === 'device'
                        ? t('transferPage.assets.device', { name: a.name ?? '', serial: a.serial ?? '', product: a.product })
                        : a.product}
                    </th>
                    <td className="cell-number">{fmt.number(a.quantity)}</td>
                    <td>{labels.outcome(String(a.outcome))}</td>
                    <td>{labels.reason(a.reason) || t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby={`${historyId}-title`}>
        <h2 id={`${historyId}-title`}>{t('transferPage.history.title')}</h2>
        {history.length === 0 ? (
          <EmptyState>{t('transferPage.history.empty')}</EmptyState>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby={`${historyId}-caption`} tabIndex={0}>
            <table>
              <caption id={`${historyId}-caption`}>{t('transferPage.history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('transferPage.history.status')}</th>
                  <th scope="col">{t('transferPage.history.at')}</th>
                  <th scope="col">{t('transferPage.history.by')}</th>
                  <th scope="col">{t('transferPage.history.note')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h, index) => (
                  <tr key={`${h.at}-${index}`}>
                    <td>{labels.status(String(h.status), h.status_label)}</td>
                    <td className="cell-nowrap">
                      <time dateTime={h.at}>{fmt.dateTime(h.at)}</time>
                    </td>
                    <td>{actorName(h.actor) || t('history.system')}</td>
                    <td className="case-text">{h.note || t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {submitting && (
        <SubmitTransferDialog
          transferId={transfer.id}
          onClose={() => setSubmitting(false)}
          onSubmitted={() => {
            setSubmitting(false);
            setNotice(t('transfers.submit.done', { id: transfer.id }));
          }}
        />
      )}
      {cancelling && (
        <ConfirmDialog
          title={t('transferPage.cancelConfirm.title')}
          message={t('transferPage.cancelConfirm.message', { id: transfer.id })}
          confirmLabel={t('transferPage.cancel')}
          cancelLabel={t('transferPage.cancelConfirm.keep')}
          busy={cancel.isPending}
          error={cancel.error != null ? <ErrorAlert error={cancel.error} /> : undefined}
          onConfirm={() => cancel.mutate()}
          onCancel={() => setCancelling(false)}
        />
      )}
    </>
  );
}
