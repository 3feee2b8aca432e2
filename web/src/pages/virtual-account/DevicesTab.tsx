import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { smartAccountKeys, virtualAccountKeys, virtualAccountQueries } from '../../api/queries';
import type { Device } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading, SuccessNotice } from '../../components/StatusViews';
import { TextField } from '../../components/TextField';
import { LoadMore } from '../../components/Pager';
import { DataTable } from '../../components/DataTable';
import { useAssetLabels } from './assetLabels';

function usageText(device: Device): string {
  return (device.usage ?? []).map((u) => `${u.product} × ${u.count}`).join(', ');
}

/** What the last check-in answered, and whether the device has gone silent: in words, not colour alone. */
function DeviceStatus({ device }: { device: Device }) {
  const { t } = useTranslation();
  const labels = useAssetLabels();
  const status = device.authorization_status;
  if (!status && !device.not_reporting) return <>{t('common.none')}</>;
  return (
    <span className="status-stack">
      {status && (
        <span className={`badge ${status === 'authorized' ? 'badge-authorized' : 'badge-out-of-compliance'}`}>
          {labels.authorization(status)}
        </span>
      )}
      {status && device.not_reporting && ' '}
      {device.not_reporting && <span className="badge badge-not-reporting">{t('vaPage.devices.notReporting')}</span>}
    </span>
  );
}

export function DevicesTab({ accountId, vaId, canManage }: { accountId: string; vaId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useAssetLabels();
  const queryClient = useQueryClient();
  const formId = useId();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Device | null>(null);
  const query = useInfiniteQuery(virtualAccountQueries.devices(api, accountId, vaId, q));
  const remove = useMutation({
    mutationFn: (d: Device) => api.deleteDevice(d.id),
    onSuccess: (_r, d) => {
      setDeleting(null);
      setDone(t('vaPage.devices.deleted', { name: d.name }));
      void queryClient.invalidateQueries({ queryKey: virtualAccountKeys.detail(accountId, vaId) });
      void queryClient.invalidateQueries({ queryKey: smartAccountKeys.assetSummary(accountId) });
    },
  });
  const devices = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };
  return (
    <>
      <h2>{t('vaPage.tabs.devices')}</h2>
      <SuccessNotice message={done} />
      <form className="filter-form" onSubmit={onSubmit} role="search" aria-labelledby={`${formId}-legend`}>
        <h3 id={`${formId}-legend`} className="visually-hidden">
          {t('vaPage.devices.searchLegend')}
        </h3>
        <TextField
          name="q"
          type="search"
          label={t('vaPage.devices.search')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          autoComplete="off"
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('vaPage.devices.searchSubmit')}
          </button>
          <a className="button button-secondary" href={api.devicesCsvUrl(accountId, vaId)} download={`devices-${vaId}.csv`}>
            {t('vaPage.exportCsv')}
          </a>
        </div>
      </form>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && devices.length === 0 && (
        <EmptyState>{q ? t('vaPage.devices.emptyFiltered') : t('vaPage.devices.empty')}</EmptyState>
      )}
      {devices.length > 0 && (
        <DataTable caption={t('vaPage.devices.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.devices.name')}</th>
              <th scope="col">{t('vaPage.devices.serial')}</th>
              <th scope="col">{t('vaPage.devices.product')}</th>
              <th scope="col">{t('vaPage.devices.deployment')}</th>
              <th scope="col">{t('vaPage.devices.usage')}</th>
              <th scope="col">{t('vaPage.devices.registered')}</th>
              <th scope="col">{t('vaPage.devices.lastSeen')}</th>
              <th scope="col">{t('vaPage.devices.lastCheckIn')}</th>
              <th scope="col">{t('vaPage.devices.status')}</th>
              {canManage && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td>
                  <code>{d.serial}</code>
                </td>
                <td>{d.product}</td>
                <td>{labels.deployment(d.deployment)}</td>
                <td>{usageText(d) || t('common.none')}</td>
                <td className="cell-nowrap">{fmt.dateTime(d.registered_at)}</td>
                <td className="cell-nowrap">{d.last_seen_at ? fmt.dateTime(d.last_seen_at) : t('common.none')}</td>
                <td className="cell-nowrap">
                  {d.last_check_in_at ? (
                    <time dateTime={d.last_check_in_at}>{fmt.dateTime(d.last_check_in_at)}</time>
                  ) : (
                    t('vaPage.devices.neverCheckedIn')
                  )}
                </td>
                <td>
                  <DeviceStatus device={d} />
                </td>
                {canManage && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={t('vaPage.devices.deleteLabel', { name: d.name })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(d);
                      }}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <LoadMore query={query} />
      {deleting && (
        <ConfirmDialog
          title={t('vaPage.devices.deleteTitle')}
          message={t('vaPage.devices.deleteConfirm', { name: deleting.name, serial: deleting.serial })}
          confirmLabel={t('common.delete')}
          cancelLabel={t('common.cancel')}
          busy={remove.isPending}
          error={remove.error != null ? <ErrorAlert error={remove.error} /> : undefined}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}
