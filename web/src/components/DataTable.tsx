import { useId, type ReactNode } from 'react';

/**
 * A table with its caption. As a `region` (the default) the wrapper is
 * labelled by the caption and takes focus, so keyboard users can scroll a
 * wide table sideways; `region={false}` for small tables that always fit.
 * Children are the table's thead/tbody.
 */
export function DataTable({
  caption,
  className,
  region = true,
  children,
}: {
  caption?: ReactNode;
  className?: string;
  region?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const captionId = `${id}-caption`;
  const table = (
    <table className={className}>
      {caption !== undefined && <caption id={region ? captionId : undefined}>{caption}</caption>}
      {children}
    </table>
  );
  if (!region || caption === undefined) return <div className="table-wrap">{table}</div>;
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      {table}
    </div>
  );
}
