import { forwardRef, useId, type InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  name: string;
  label: string;
  /** The message for this field (from the server's `errors[]` or a local check). */
  error?: string;
  hint?: string;
}

/**
 * A labelled input. An error is tied to the input with aria-invalid and
 * aria-describedby, so screen readers read it with the field.
 */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { name, label, error, hint, className, ...input },
  ref,
) {
  const id = useId();
  const inputId = `${id}-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <input
        ref={ref}
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
});

/**
 * The six-digit code from an authenticator app: numeric keyboard, the
 * browser's one-time-code autofill, room for one space ("123 456").
 */
export const OneTimeCodeField = forwardRef<HTMLInputElement, Omit<TextFieldProps, 'type' | 'inputMode'>>(
  function OneTimeCodeField(props, ref) {
    return <TextField ref={ref} autoComplete="one-time-code" inputMode="numeric" maxLength={7} required {...props} />;
  },
);
