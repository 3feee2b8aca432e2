import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { smartAccountKeys, virtualAccountQueries } from '../../api/queries';
import type { SmartAccount, VirtualAccount } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, Loading, SuccessNotice } from '../../components/StatusViews';
import { LeasesTable } from './LeasesTable';
import { LotsTable, SummaryTable } from './LicenseTables';
import { MoveForm } from './MoveForm';

export function LicensesTab({
  account,
  va,
  canManage,
}: {
  account: SmartAccount;
  va: VirtualAccount;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const accountId = String(account.id);
  const vaId = String(va.id);
  const [done, setDone] = useState<string | null>(null);
  const summary = useQuery(virtualAccountQueries.licenseSummary(api, accountId, vaId));
  const rows = (summary.data?.items ?? []).filter(
    (r) => r.virtual_account_id == null || String(r.virtual_account_id) === vaId,
  );
  const others = (account.virtual_accounts ?? []).filter((o) => String(o.id) !== vaId);
  const onMoved = (message: string) => {
    setDone(message);
    // Both Virtual Accounts changed: refetch everything of the account.
    void queryClient.invalidateQueries({ queryKey: smartAccountKeys.detail(accountId) });
  };
  return (
    <>
      <h2>{t('vaPage.tabs.licenses')}</h2>
      <SuccessNotice message={done} />
      <div className="page-actions">
        <a className="button button-secondary" href={api.licensesCsvUrl(accountId, vaId)} download={`licenses-${vaId}.csv`}>
          {t('vaPage.exportCsv')}
        </a>
      </div>
      {summary.isPending && <Loading />}
      {summary.isError && <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.isSuccess && rows.length === 0 && <EmptyState>{t('vaPage.summary.empty')}</EmptyState>}
      {rows.length > 0 && <SummaryTable rows={rows} />}
      <h3>{t('vaPage.lots.title')}</h3>
      <LotsTable accountId={accountId} vaId={vaId} />
      <LeasesTable accountId={accountId} vaId={vaId} />
      {canManage && summary.isSuccess && <MoveForm va={va} rows={rows} others={others} onDone={onMoved} />}
    </>
  );
}
