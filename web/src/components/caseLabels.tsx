import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseStatus } from '../api/types';

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

/** Localized case statuses and categories; unknown values shown as sent. */
export function useCaseLabels() {
  const { t } = useTranslation();
  return {
    status: (status: string) => (isCaseStatus(status) ? t(`cases.status.${status}`) : status),
    category: (category: string) => (category === 'software_licensing' ? t('cases.category.software_licensing') : category),
  };
}

export function CaseStatusBadge({ status }: { status: string }) {
  const labels = useCaseLabels();
  const tone = isCaseStatus(status) ? status : 'unknown';
  return <span className={`badge badge-case-${tone}`}>{labels.status(status)}</span>;
}

/** The address of a case's page. */
export function casePath(id: string | number): string {
  return `/cases/${encodeURIComponent(String(id))}`;
}

/** The "Open a case" form, prefilled with what the caller knows (order, subject, description). */
export function newCasePath(prefill: { order_number?: string; subject?: string; description?: string } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(prefill)) if (value) params.set(key, value);
  const qs = params.toString();
  return qs ? `/cases/new?${qs}` : '/cases/new';
}
