import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { smartAccountKeys, smartAccountQueries } from '../../api/queries';
import type { Id, Member, VirtualAccount } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { useLabels } from '../../components/labels';
import { EmptyState, Loading, SuccessNotice } from '../../components/StatusViews';
import { DataTable } from '../../components/DataTable';
import { AddMemberForm } from './AddMemberForm';
import { ImportForm } from './ImportForm';

export function UsersTab({ accountId, isAdmin, virtualAccounts }: { accountId: string; isAdmin: boolean; virtualAccounts: VirtualAccount[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const labels = useLabels();
  const fmt = useFormatDate();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const list = useQuery(smartAccountQueries.members(api, accountId));
  const refresh = (message: string) => {
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: smartAccountKeys.members(accountId) });
    void queryClient.invalidateQueries({ queryKey: smartAccountKeys.events(accountId) });
  };
  const remove = useMutation({
    mutationFn: (m: Member) => api.removeMember(accountId, m.user_id),
    onSuccess: (_r, m) => {
      setRemoving(null);
      refresh(t('account.users.removed', { email: m.email }));
    },
  });
  const vaName = (id: Id | null, name?: string | null) => {
    if (id == null) return t('home.memberships.allVirtualAccounts');
    return name || virtualAccounts.find((v) => String(v.id) === String(id))?.name || String(id);
  };
  const members = list.data?.items ?? [];
  const invitations = list.data?.invitations ?? [];

  return (
    <>
      <h2>{t('account.tabs.users')}</h2>
      <SuccessNotice message={done} />
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && members.length === 0 && <EmptyState>{t('account.users.empty')}</EmptyState>}
      {members.length > 0 && (
        <DataTable caption={t('account.users.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('account.users.email')}</th>
              <th scope="col">{t('account.users.name')}</th>
              <th scope="col">{t('account.users.role')}</th>
              <th scope="col">{t('account.users.virtualAccount')}</th>
              {isAdmin && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={`${m.user_id}-${m.role}-${m.virtual_account_id ?? ''}`}>
                <th scope="row" className="cell-email">{m.email}</th>
                <td>{m.name || t('common.none')}</td>
                <td>{labels.role(m.role)}</td>
                <td>{vaName(m.virtual_account_id, m.virtual_account_name)}</td>
                {isAdmin && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={t('account.users.removeLabel', { email: m.email })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(m);
                      }}
                    >
                      {t('account.users.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {invitations.length > 0 && (
        <DataTable caption={t('account.users.invitationsCaption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('account.users.email')}</th>
              <th scope="col">{t('account.users.role')}</th>
              <th scope="col">{t('account.users.virtualAccount')}</th>
              <th scope="col">{t('account.users.invitedAt')}</th>
              <th scope="col">{t('account.users.invitationExpires')}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <th scope="row" className="cell-email">{inv.email}</th>
                <td>{labels.role(inv.role)}</td>
                <td>{vaName(inv.virtual_account_id)}</td>
                <td className="cell-nowrap">{fmt.date(inv.created_at)}</td>
                <td className="cell-nowrap">{fmt.date(inv.expires_at)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {isAdmin && (
        <>
          <AddMemberForm accountId={accountId} virtualAccounts={virtualAccounts} onDone={refresh} />
          <ImportForm accountId={accountId} onDone={refresh} />
        </>
      )}
      {removing && (
        <ConfirmDialog
          title={t('account.users.removeTitle')}
          message={t('account.users.removeConfirm', { email: removing.email })}
          confirmLabel={t('account.users.remove')}
          cancelLabel={t('common.cancel')}
          busy={remove.isPending}
          error={remove.error != null ? <ErrorAlert error={remove.error} /> : undefined}
          onConfirm={() => remove.mutate(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </>
  );
}
