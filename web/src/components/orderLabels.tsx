import { useTranslation } from 'react-i18next';
import type { ExportHold } from '../api/types';

/** The line's or order's export hold as {on, reason}, whichever shape the server sent. */
export function exportHoldOf(value: boolean | ExportHold | null | undefined): ExportHold {
  if (value && typeof value === 'object') return { on: !!value.on, reason: value.reason ?? null };
  return { on: !!value, reason: null };
}

/** Hold badges of an order or a line: Smart Account hold, export hold (with its reason when given). */
export function HoldBadges({
  saHold,
  exportHold,
  deposited = false,
  showNone = false,
}: {
  saHold: boolean;
  exportHold: ExportHold;
  deposited?: boolean;
  showNone?: boolean;
}) {
  const { t } = useTranslation();
  const none = !saHold && !exportHold.on && !deposited;
  return (
    <span className="badges">
      {saHold && <span className="badge badge-hold">{t('orders.badge.saHold')}</span>}
      {exportHold.on && (
        <span className="badge badge-export-hold">
          {exportHold.reason ? t('orders.badge.exportHoldReason', { reason: exportHold.reason }) : t('orders.badge.exportHold')}
        </span>
      )}
      {deposited && <span className="badge badge-deposited">{t('orders.badge.deposited')}</span>}
      {none && showNone && <span className="badge badge-no-hold">{t('orders.badge.noHold')}</span>}
    </span>
  );
}

/** The address of an order's page, by either of its numbers. */
export function orderPath(number: string): string {
  return `/orders/${encodeURIComponent(number)}`;
}
