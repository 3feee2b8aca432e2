import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePageTitle } from './usePageTitle';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty-state">{children}</p>;
}

/** A short-lived success message (role=status) for the last action; hidden while there is none. */
export function SuccessNotice({ message }: { message: string | null }) {
  return (
    <p className="notice notice-success" role="status" hidden={!message}>
      {message}
    </p>
  );
}

/**
 * A resource that does not exist, or that the caller may not see (the server
 * answers 404 for both): a heading, why, and the way back. `alert` shows the
 * reason as an alert; `setTitle` also names the browser tab after it.
 */
export function NotFoundState({
  title,
  body,
  back,
  alert = false,
  setTitle = false,
}: {
  title: string;
  body: string;
  back: { to: string; label: string };
  alert?: boolean;
  setTitle?: boolean;
}) {
  usePageTitle(setTitle ? title : null);
  return (
    <>
      <h1>{title}</h1>
      {alert ? (
        <div className="alert alert-error" role="alert">
          <p>{body}</p>
        </div>
      ) : (
        <p>{body}</p>
      )}
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </>
  );
}
