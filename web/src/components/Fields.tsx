import { forwardRef, useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldFrameProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  className?: string;
}

/** Ids and aria attributes shared by the labelled controls (see TextField). */
function useFieldIds(name: string, hint?: string, error?: string) {
  const id = useId();
  const inputId = `${id}-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { inputId, hintId, errorId, describedBy };
}

function Frame({
  inputId,
  hintId,
  errorId,
  label,
  hint,
  error,
  className,
  children,
}: {
  inputId: string;
  hintId?: string;
  errorId?: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type TextAreaFieldProps = FieldFrameProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>;

/** A labelled multi-line input; errors are tied to it like TextField's. */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { name, label, error, hint, className, rows = 3, ...input },
  ref,
) {
  const ids = useFieldIds(name, hint, error);
  return (
    <Frame {...ids} label={label} hint={hint} error={error} className={className}>
      <textarea
        ref={ref}
        id={ids.inputId}
        name={name}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </Frame>
  );
});

type SelectFieldProps = FieldFrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'> & { children: ReactNode };

/** A labelled select; errors are tied to it like TextField's. */
export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { name, label, error, hint, className, children, ...input },
  ref,
) {
  const ids = useFieldIds(name, hint, error);
  return (
    <Frame {...ids} label={label} hint={hint} error={error} className={className}>
      <select
        ref={ref}
        id={ids.inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      >
        {children}
      </select>
    </Frame>
  );
});
