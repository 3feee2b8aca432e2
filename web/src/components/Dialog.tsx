import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface DialogProps {
  title: string;
  /** `alertdialog` for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog';
  onClose: () => void;
  children: ReactNode;
  /** Buttons, laid out at the bottom. */
  actions: ReactNode;
  description?: ReactNode;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Open dialogs, innermost last: a final confirmation can open over a dialog. */
const openDialogs: HTMLElement[] = [];
const HIDDEN_MARK = 'data-dialog-inert';

/**
 * Makes everything but the innermost open dialog inert and hidden from
 * assistive technology, and restores what it hid once no dialog needs it —
 * whatever order nested dialogs close in.
 */
function updateInert() {
  const top = openDialogs[openDialogs.length - 1];
  for (const el of Array.from(document.body.children)) {
    if (!(el instanceof HTMLElement)) continue;
    if (top && !el.contains(top)) {
      if (!el.hasAttribute(HIDDEN_MARK) && el.getAttribute('aria-hidden') === 'true') continue; // hidden by someone else
      el.setAttribute(HIDDEN_MARK, '');
      el.setAttribute('aria-hidden', 'true');
      el.inert = true;
    } else if (el.hasAttribute(HIDDEN_MARK)) {
      el.removeAttribute(HIDDEN_MARK);
      el.removeAttribute('aria-hidden');
      el.inert = false;
    }
  }
}

/**
 * A modal dialog: labelled by its title, focus moves into it and stays there
 * (Tab cycles), Escape closes it, focus returns to where it was. The rest of
 * the page is made inert while it is open.
 */
export function Dialog({ title, role = 'dialog', onClose, children, actions, description }: DialogProps) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const node = ref.current;
    if (node) openDialogs.push(node);
    updateInert();
    const first = node?.querySelector<HTMLElement>('[data-autofocus]') ?? node;
    first?.focus();
    return () => {
      const index = node ? openDialogs.lastIndexOf(node) : -1;
      if (index >= 0) openDialogs.splice(index, 1);
      updateInert();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="dialog"
        role={role}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-description` : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`} className="dialog-title">
          {title}
        </h2>
        {description && (
          <div id={`${id}-description`} className="dialog-description">
            {description}
          </div>
        )}
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>,
    document.body,
  );
}

/** A yes/no confirmation for a destructive action. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  cancelLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      title={title}
      role="alertdialog"
      onClose={onCancel}
      description={<p>{message}</p>}
      actions={
        <>
          <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel} data-autofocus>
            {cancelLabel}
          </button>
        </>
      }
    >
      {error}
    </Dialog>
  );
}
