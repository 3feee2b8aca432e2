import { useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

/** Whether the element's content is wider (or taller) than the element, so that it scrolls; follows resizes. */
function useOverflows(ref: RefObject<HTMLElement | null>, enabled: boolean): boolean {
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    const update = () => setOverflows(el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    // The wrapper changes size with the viewport, the table inside with its content.
    const observer = new ResizeObserver(update);
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [ref, enabled]);
  return overflows;
}

/**
 * The `.table-wrap` box around a table, which scrolls sideways when the table
 * is wider than the page (a phone, a side panel, long translations). While it
 * can scroll it is a `region` named by `labelledBy` and takes focus, so
 * keyboard users can scroll it with the arrow keys (WCAG 2.1.1; axe's
 * scrollable-region-focusable). `always` makes it one whether it scrolls or
 * not (wide tables that nearly always do). Without `labelledBy` it is a plain box.
 */
export function ScrollRegion({
  labelledBy,
  always = false,
  children,
}: {
  labelledBy?: string;
  always?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const overflows = useOverflows(ref, !always && labelledBy !== undefined);
  const region = labelledBy !== undefined && (always || overflows);
  return (
    <div
      ref={ref}
      className="table-wrap"
      role={region ? 'region' : undefined}
      aria-labelledby={region ? labelledBy : undefined}
      tabIndex={region ? 0 : undefined}
    >
      {children}
    </div>
  );
}

/**
 * A table with its caption. As a `region` (the default) the wrapper is
 * labelled by the caption and takes focus, so keyboard users can scroll a
 * wide table sideways; `region={false}` for small tables that usually fit:
 * they become such a region only while they do not fit (see ScrollRegion).
 * `hideCaption` keeps the caption for assistive technology only (a table
 * right under a heading that says what it is). Children are the table's thead/tbody.
 */
export function DataTable({
  caption,
  className,
  region = true,
  hideCaption = false,
  children,
}: {
  caption?: ReactNode;
  className?: string;
  region?: boolean;
  hideCaption?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const captionId = caption !== undefined ? `${id}-caption` : undefined;
  return (
    <ScrollRegion labelledBy={captionId} always={region}>
      <table className={className}>
        {caption !== undefined && (
          <caption id={captionId} className={hideCaption ? 'visually-hidden' : undefined}>
            {caption}
          </caption>
        )}
        {children}
      </table>
    </ScrollRegion>
  );
}
