import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { virtualAccountKeys, virtualAccountQueries } from '../../api/queries';
import type { CreatedRegistrationToken, RegistrationToken } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading, SuccessNotice } from '../../components/StatusViews';
import { DataTable } from '../../components/DataTable';
import { CreateTokenForm } from './CreateTokenForm';
import { SecretPanel } from './SecretPanel';
import { useAssetLabels } from './assetLabels';

export function TokensTab({ accountId, vaId, canManage }: { accountId: string; vaId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useAssetLabels();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedRegistrationToken | null>(null);
  const [revoking, setRevoking] = useState<RegistrationToken | null>(null);
  const key = virtualAccountKeys.tokens(accountId, vaId);
  const list = useQuery(virtualAccountQueries.tokens(api, accountId, vaId));
  const revoke = useMutation({
    mutationFn: (token: RegistrationToken) => api.revokeToken(vaId, token.id),
    onSuccess: (_r, token) => {
      setRevoking(null);
      setDone(t('vaPage.tokens.revoked', { description: token.description }));
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const tokens = list.data?.items ?? [];
  return (
    <>
      <h2>{t('vaPage.tabs.tokens')}</h2>
      <p className="section-description">{t('vaPage.tokens.intro')}</p>
      <SuccessNotice message={done} />
      {created && <SecretPanel token={created} onDone={() => setCreated(null)} />}
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && tokens.length === 0 && <EmptyState>{t('vaPage.tokens.empty')}</EmptyState>}
      {tokens.length > 0 && (
        <DataTable caption={t('vaPage.tokens.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.tokens.description')}</th>
              <th scope="col">{t('vaPage.tokens.statusColumn')}</th>
              <th scope="col" className="cell-number">{t('vaPage.tokens.uses')}</th>
              <th scope="col">{t('vaPage.tokens.expires')}</th>
              <th scope="col">{t('vaPage.tokens.exportControlled')}</th>
              {canManage && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {tokens.map((tok) => (
              <tr key={tok.id}>
                <th scope="row">{tok.description}</th>
                <td>
                  <span className={`badge badge-token-${tok.status === 'active' ? 'active' : 'inactive'}`}>
                    {labels.tokenStatus(tok.status)}
                  </span>
                </td>
                <td className="cell-number">{t('vaPage.tokens.usesValue', { uses: tok.uses, max: tok.max_uses })}</td>
                <td className="cell-nowrap">{fmt.date(tok.expires_at)}</td>
                <td>{tok.export_controlled ? t('vaPage.yes') : t('vaPage.no')}</td>
                {canManage && (
                  <td className="cell-actions">
                    {tok.status === 'active' && (
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={t('vaPage.tokens.revokeLabel', { description: tok.description })}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(tok);
                        }}
                      >
                        {t('vaPage.tokens.revoke')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {canManage && (
        <CreateTokenForm
          vaId={vaId}
          onCreated={(token) => {
            setDone(null);
            setCreated(token);
            void queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('vaPage.tokens.revokeTitle')}
          message={t('vaPage.tokens.revokeConfirm', { description: revoking.description })}
          confirmLabel={t('vaPage.tokens.revoke')}
          cancelLabel={t('common.cancel')}
          busy={revoke.isPending}
          error={revoke.error != null ? <ErrorAlert error={revoke.error} /> : undefined}
          onConfirm={() => revoke.mutate(revoking)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </>
  );
}
