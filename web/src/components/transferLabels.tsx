import { useTranslation } from 'react-i18next';
import { AUTOMATIC_TRANSFER_STATUSES, TRANSFER_STATUSES, type TransferStatus } from '../api/types';

const OUTCOMES = ['pending', 'moved', 'failed', 'released'] as const;
const REASONS = ['enterprise_agreement', 'on_prem', 'in_open_transfer', 'in_use'] as const;
const DEPLOYMENTS = ['cloud', 'on_prem'] as const;

function known<K extends string>(keys: readonly K[], value: unknown): value is K {
  return typeof value === 'string' && (keys as readonly string[]).includes(value);
}

export function isTransferStatus(value: unknown): value is TransferStatus {
  return known(TRANSFER_STATUSES, value);
}

/** Whether the server's background job moves a transfer on by itself (so the page polls). */
export function isAutomaticStatus(status: unknown): boolean {
  return known(AUTOMATIC_TRANSFER_STATUSES, status);
}

/** Localized transfer statuses, asset outcomes and ineligibility reasons; unknown values shown as sent. */
export function useTransferLabels() {
  const { t } = useTranslation();
  return {
    status: (status: string, fallback?: string) =>
      isTransferStatus(status) ? t(`transfers.status.${status}`) : fallback || status,
    outcome: (outcome: string) => (known(OUTCOMES, outcome) ? t(`transfers.outcome.${outcome}`) : outcome),
    reason: (reason: string | null | undefined) =>
      !reason ? '' : known(REASONS, reason) ? t(`transfers.reason.${reason}`) : reason,
    deployment: (value: string) => (known(DEPLOYMENTS, value) ? t(`vaPage.deployment.${value}`) : value),
    kind: (kind: string) => (kind === 'license' || kind === 'device' ? t(`transfers.kind.${kind}`) : kind),
  };
}

type Tone = 'progress' | 'waiting' | 'done' | 'failed' | 'cancelled';

function toneOf(status: string): Tone {
  switch (status) {
    case 'pending_submission':
    case 'awaiting_transferee_consent':
    case 'compliance_screening':
      return 'waiting';
    case 'transfer_completed':
      return 'done';
    case 'transfer_completed_with_failure':
    case 'compliance_screening_rejected':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'progress';
  }
}

export function TransferStatusBadge({ status, label }: { status: string; label?: string }) {
  const labels = useTransferLabels();
  return <span className={`badge badge-transfer-${toneOf(status)}`}>{labels.status(status, label)}</span>;
}

/** The address of a transfer's page. */
export function transferPath(id: string | number): string {
  return `/transfers/${encodeURIComponent(String(id))}`;
}
