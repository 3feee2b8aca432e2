import { useTranslation } from 'react-i18next';
import type { AssetSummary } from '../api/types';
import { DataTable } from './DataTable';
import { useFormatDate } from './format';
import { anyFloating, poolKey, useLicenseModelLabel } from './licenseModel';
import { EmptyState } from './StatusViews';

/**
 * A Smart Account's "Show Counts": licenses per product and its device count,
 * on the Smart Account page and beside the transfer wizard's search results.
 * A product has a line per pool (device, floating): with any floating line the
 * License model column tells them apart.
 * `withShortage` adds the Shortage column (the wizard shows it when the server sends it).
 */
export function AssetCountsTable({ summary, withShortage = false }: { summary: AssetSummary; withShortage?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const modelLabel = useLicenseModelLabel();
  const licenses = summary.licenses;
  const withModel = anyFloating(licenses);
  return (
    <>
      {licenses.length === 0 ? (
        <EmptyState>{t('account.counts.empty')}</EmptyState>
      ) : (
        <DataTable caption={t('account.counts.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('account.counts.product')}</th>
              {withModel && <th scope="col">{t('licensing.model.column')}</th>}
              <th scope="col" className="cell-number">{t('account.counts.purchased')}</th>
              <th scope="col" className="cell-number">{t('account.counts.inUse')}</th>
              <th scope="col" className="cell-number">{t('account.counts.reserved')}</th>
              <th scope="col" className="cell-number">{t('account.counts.available')}</th>
              {withShortage && <th scope="col" className="cell-number">{t('transferWizard.source.shortage')}</th>}
            </tr>
          </thead>
          <tbody>
            {licenses.map((l) => (
              <tr key={poolKey(l)}>
                <th scope="row">{l.product}</th>
                {withModel && <td>{modelLabel(l.license_model)}</td>}
                <td className="cell-number">{fmt.number(l.purchased)}</td>
                <td className="cell-number">{fmt.number(l.in_use)}</td>
                <td className="cell-number">{fmt.number(l.reserved)}</td>
                <td className="cell-number">{fmt.number(l.available)}</td>
                {withShortage && <td className="cell-number">{fmt.number(l.shortage ?? 0)}</td>}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <p>{t('account.counts.devices', { devices: fmt.number(summary.devices ?? 0) })}</p>
    </>
  );
}
