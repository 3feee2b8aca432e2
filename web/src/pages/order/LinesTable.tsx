import { useTranslation } from 'react-i18next';
import type { Order, OrderLine } from '../../api/types';
import { useFormatDate } from '../../components/format';
import { StatusBadge } from '../../components/labels';
import { exportHoldOf, HoldBadges } from '../../components/orderLabels';
import { DataTable } from '../../components/DataTable';
import { FloatingBadge, isFloating } from '../../components/licenseModel';

function PencilIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16">
      <path
        d="M11.7 1.3a1 1 0 0 1 1.4 0l1.6 1.6a1 1 0 0 1 0 1.4L5.4 13.6 1.5 14.5l.9-3.9 9.3-9.3zM3.3 11.2l-.4 1.9 1.9-.4 7.9-7.9-1.5-1.5-7.9 7.9z"
        fill="currentColor"
      />
    </svg>
  );
}

function useLineLabels() {
  const { t } = useTranslation();
  return {
    licenseType: (line: OrderLine) =>
      line.license_type === 'perpetual'
        ? t('order.lines.perpetual')
        : line.license_type === 'term'
          ? line.term_months
            ? t('order.lines.term', { months: line.term_months })
            : t('order.lines.termNoMonths')
          : line.license_type,
    buyingModel: (line: OrderLine) =>
      line.buying_model === 'transactional'
        ? t('order.lines.transactional')
        : line.buying_model === 'enterprise_agreement'
          ? t('order.lines.enterpriseAgreement')
          : line.buying_model,
  };
}

export function LinesTable({
  order,
  canEdit,
  onEdit,
}: {
  order: Order;
  canEdit: boolean;
  onEdit: (line: OrderLine, button: HTMLButtonElement) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const labels = useLineLabels();
  return (
    <DataTable caption={t('order.lines.caption')} className="lines-table">
      <thead>
        <tr>
          <th scope="col" className="cell-number">
            {t('order.lines.line')}
          </th>
          <th scope="col">{t('order.lines.sku')}</th>
          <th scope="col">{t('order.lines.description')}</th>
          <th scope="col" className="cell-number">
            {t('order.lines.quantity')}
          </th>
          <th scope="col">{t('order.lines.licenseType')}</th>
          <th scope="col">{t('order.lines.buyingModel')}</th>
          <th scope="col">{t('order.lines.shipped')}</th>
          <th scope="col">{t('order.lines.smartAccount')}</th>
          <th scope="col">{t('order.lines.virtualAccount')}</th>
          <th scope="col">{t('order.lines.status')}</th>
          {canEdit && <th scope="col">{t('common.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {order.lines.map((line) => (
          <tr key={line.line_number}>
            <th scope="row" className="cell-number">
              {line.line_number}
            </th>
            <td className="cell-nowrap">{line.sku}</td>
            <td>{line.description}</td>
            <td className="cell-number">{fmt.number(line.quantity)}</td>
            <td>
              {labels.licenseType(line)}
              {isFloating(line) && (
                <>
                  {' '}
                  <FloatingBadge />
                </>
              )}
            </td>
            <td>{labels.buyingModel(line)}</td>
            <td className="cell-nowrap">
              {line.shipped_at ? <time dateTime={line.shipped_at}>{fmt.date(line.shipped_at)}</time> : t('order.lines.notShipped')}
            </td>
            <td>
              {!line.smart_enabled ? (
                t('order.lines.notSmartEnabled')
              ) : line.smart_account ? (
                <>
                  {line.smart_account.name}
                  {line.smart_account.status !== 'active' && (
                    <>
                      {' '}
                      <StatusBadge status={line.smart_account.status} />
                    </>
                  )}
                </>
              ) : (
                t('order.lines.notAssigned')
              )}
            </td>
            <td>{line.virtual_account?.name ?? (line.smart_enabled ? t('order.lines.notAssigned') : t('common.none'))}</td>
            <td>
              <HoldBadges saHold={line.sa_hold} exportHold={exportHoldOf(line.export_hold)} deposited={line.deposited} />
            </td>
            {canEdit && (
              <td className="cell-actions">
                {line.smart_enabled && line.smart_account && (
                  <button
                    type="button"
                    className="button button-small button-secondary button-icon"
                    aria-label={t('order.assignments.edit', { line: line.line_number })}
                    title={t('order.assignments.edit', { line: line.line_number })}
                    onClick={(e) => onEdit(line, e.currentTarget)}
                  >
                    <PencilIcon />
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
