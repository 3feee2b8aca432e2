import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { can } from '../api/permissions';
import { TRANSFER_STATUSES, type Transfer, type TransferSummary } from '../api/types';
import { useApi } from '../components/ApiContext';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { EmptyState, Loading } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { isAutomaticStatus, isTransferStatus, TransferStatusBadge, transferPath } from '../components/transferLabels';
import { usePageTitle } from '../components/usePageTitle';
import { LoadMore } from '../components/Pager';
import { DataTable } from '../components/DataTable';
import { transferChanged, transferQueries } from '../api/queries';

/** How often a page asks again while the background job is moving a transfer along. */
export const TRANSFER_POLL_MS = 2000;

const LIST_ROLES = ['requester', 'transferee'] as const;


/** "Action" on a transaction Pending Submission: explains what submitting does, then submits. */
export function SubmitTransferDialog({
  transferId,
  onClose,
  onSubmitted,
}: {
  transferId: string;
  onClose: () => void;
  onSubmitted: (transfer: Transfer) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => api.submitTransfer(transferId),
    onSuccess: (transfer) => {
      transferChanged(queryClient, { id: transfer.id ?? transferId, transfer });
      onSubmitted(transfer);
    },
  });
  return (
    <Dialog
      title={t('transfers.submit.title', { id: transferId })}
      onClose={() => !mutation.isPending && onClose()}
      description={
        <>
          <p>{t('transfers.submit.explanation')}</p>
          <p>{t('transfers.submit.next')}</p>
        </>
      }
      actions={
        <>
          <button
            type="button"
            className="button button-primary"
            onClick={() => mutation.mutate()}
            disabled={mutation.isPending}
            data-autofocus
          >
            {mutation.isPending ? t('transfers.submit.submitting') : t('transfers.submit.confirm')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      {mutation.error != null && <ErrorAlert error={mutation.error} />}
    </Dialog>
  );
}

/** A table of transactions; `onAction` adds the Actions column with "Action" for those Pending Submission. */
export function TransfersTable({
  transfers,
  caption,
  onAction,
}: {
  transfers: TransferSummary[];
  caption: string;
  onAction?: (transfer: TransferSummary) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  return (
    <DataTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t('transfers.columns.id')}</th>
          <th scope="col">{t('transfers.columns.source')}</th>
          <th scope="col">{t('transfers.columns.destination')}</th>
          <th scope="col">{t('transfers.columns.status')}</th>
          <th scope="col">{t('transfers.columns.created')}</th>
          {onAction && <th scope="col">{t('common.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {transfers.map((tr) => (
          <tr key={tr.id}>
            <th scope="row" className="cell-nowrap">
              <Link to={transferPath(tr.id)}>{tr.id}</Link>
            </th>
            <td>{tr.source_smart_account?.name ?? t('common.none')}</td>
            <td>{tr.destination_smart_account?.name ?? t('common.none')}</td>
            <td>
              <TransferStatusBadge status={String(tr.status)} label={tr.status_label} />
            </td>
            <td className="cell-nowrap">
              {tr.created_at ? <time dateTime={tr.created_at}>{fmt.dateTime(tr.created_at)}</time> : t('common.none')}
            </td>
            {onAction && (
              <td>
                {tr.status === 'pending_submission' && can(tr, 'submit') ? (
                  <button type="button" className="button button-primary button-small" onClick={() => onAction(tr)}>
                    {t('transfers.action')}
                  </button>
                ) : (
                  t('common.none')
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/**
 * The Asset Transfer Manager (seed 000): the transactions the caller requested
 * or has to consent to, filtered by status; "Action" submits one that is
 * Pending Submission. Polls while a listed transfer is in an automatic status.
 */
export function TransfersPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const rawRole = params.get('role');
  const role: (typeof LIST_ROLES)[number] = rawRole === 'transferee' ? 'transferee' : 'requester';
  const rawStatus = params.get('status');
  const status = isTransferStatus(rawStatus) ? rawStatus : undefined;
  const [acting, setActing] = useState<TransferSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(t('transfers.title'));

  const query = useInfiniteQuery({
    ...transferQueries.list(api, { role, status }),
    refetchInterval: (q) =>
      (q.state.data?.pages ?? []).some((p) => (p.items ?? []).some((tr) => isAutomaticStatus(tr.status)))
        ? TRANSFER_POLL_MS
        : false,
  });
  const transfers = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <>
      <h1>{t('transfers.title')}</h1>
      <p className="lead">{t('transfers.description')}</p>
      <div className="page-actions">
        <Link to="/transfers/new" className="button button-primary">
          {t('transfers.request')}
        </Link>
      </div>
      <p className="notice notice-success" role="status" hidden={!notice}>
        {notice}
      </p>
      <Tabs
        label={t('transfers.tabs.label')}
        tabs={LIST_ROLES.map((key) => ({ key, label: t(`transfers.tabs.${key}`) }))}
        selected={role}
        onSelect={(key) => update({ role: key === 'requester' ? undefined : key })}
      >
        <div className="filter-form" role="group" aria-label={t('transfers.filterLabel')}>
          <SelectField
            name="status"
            label={t('transfers.statusFilter')}
            className="field-narrow"
            value={status ?? ''}
            onChange={(e) => update({ status: e.target.value || undefined })}
          >
            <option value="">{t('transfers.allStatuses')}</option>
            {TRANSFER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`transfers.status.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        {query.isPending && <Loading />}
        {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        {query.isSuccess && transfers.length === 0 && <EmptyState>{t('transfers.empty')}</EmptyState>}
        {transfers.length > 0 && (
          <TransfersTable
            transfers={transfers}
            caption={t(`transfers.caption.${role}`)}
            onAction={(tr) => {
              setNotice(null);
              setActing(tr);
            }}
          />
        )}
        <LoadMore query={query} />
      </Tabs>
      {acting && (
        <SubmitTransferDialog
          transferId={acting.id}
          onClose={() => setActing(null)}
          onSubmitted={(transfer) => {
            setActing(null);
            setNotice(t('transfers.submit.done', { id: transfer.id ?? acting.id }));
          }}
        />
      )}
    </>
  );
}
