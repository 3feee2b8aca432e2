import { useTranslation } from 'react-i18next';

export const ROLE_KEYS = ['sa_admin', 'sa_user', 'sa_viewer', 'va_admin', 'va_user', 'va_viewer'] as const;
const STATUS_KEYS = ['pending', 'active', 'expired', 'inactive'] as const;
const KIND_KEYS = ['customer', 'holding'] as const;

function known<K extends string>(keys: readonly K[], value: string): value is K {
  return (keys as readonly string[]).includes(value);
}

/** Localized names of per-account roles, Smart Account statuses and kinds; unknown values shown as sent. */
export function useLabels() {
  const { t } = useTranslation();
  return {
    role: (role: string) => (known(ROLE_KEYS, role) ? t(`roles.${role}`) : role),
    status: (status: string) => (known(STATUS_KEYS, status) ? t(`smartAccounts.status.${status}`) : status),
    kind: (kind: string) => (known(KIND_KEYS, kind) ? t(`smartAccounts.kind.${kind}`) : kind),
  };
}

export function StatusBadge({ status }: { status: string }) {
  const labels = useLabels();
  const tone = known(STATUS_KEYS, status) ? status : 'unknown';
  return <span className={`badge badge-sa-${tone}`}>{labels.status(status)}</span>;
}
