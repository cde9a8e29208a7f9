import type { FormEvent, InputHTMLAttributes, ReactNode, Ref, RefObject } from 'react';
import type { SummaryItem } from '../lib/field-problems';
import { Alert } from './ui/alert';

export type { SummaryItem } from '../lib/field-problems';

/**
 * A labelled control with its help and its errors below it. The control itself is the child; give
 * it `id` and `{...controlAria(id, help, errors)}` (or use `TextField`). `wide`: across the form.
 */
export function FormField({
  id,
  label,
  help,
  errors,
  required,
  wide,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  errors: string[];
  required?: boolean;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {children}
      {errors.map((message, i) => (
        <p key={i} className="field__error" id={i === 0 ? `${id}-error` : undefined}>
          {message}
        </p>
      ))}
    </div>
  );
}

/** `aria-describedby` of a control: its help and its first error. */
export const describedBy = (id: string, help: boolean, errors: string[]): string | undefined =>
  [help ? `${id}-help` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** The ARIA attributes of a control in a `FormField`: invalid while it has errors, described by its help and first error. */
export const controlAria = (id: string, help: boolean, errors: string[]) => ({
  'aria-invalid': errors.length > 0 || undefined,
  'aria-describedby': describedBy(id, help, errors),
});

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'aria-invalid' | 'aria-describedby'>;

/**
 * A text input in its `FormField`: `type` is text unless given, the other input attributes (autoComplete,
 * inputMode, placeholder, list…) go to the input, and `onChange` gets the new value.
 */
export function TextField({
  id,
  label,
  help,
  errors,
  required,
  value,
  onChange,
  inputRef,
  type = 'text',
  ...input
}: {
  id: string;
  label: string;
  help?: string;
  errors: string[];
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
} & InputProps) {
  return (
    <FormField id={id} label={label} help={help} errors={errors} required={required}>
      <input ref={inputRef} id={id} type={type} {...input} value={value} {...controlAria(id, Boolean(help), errors)} onChange={(e) => onChange(e.target.value)} />
    </FormField>
  );
}

/** A form's main button: disabled while the form is being sent, and then saying `busy` when given. */
export function SubmitButton({ pending, busy, children }: { pending: boolean; busy?: string; children: ReactNode }) {
  return (
    <button type="submit" className="button button--primary" disabled={pending}>
      {pending && busy ? busy : children}
    </button>
  );
}

/**
 * Every problem of a form at once, at its top, each linking to its field: the summary takes focus
 * when shown (`summaryRef`), so a screen reader reads it first and a keyboard user jumps from it.
 * Nothing when there is no problem.
 */
export function ProblemSummary({ title, items, summaryRef }: { title: string; items: SummaryItem[]; summaryRef: RefObject<HTMLDivElement | null> }) {
  if (items.length === 0) return null;
  return (
    <div ref={summaryRef} tabIndex={-1} className="alert alert--error" role="alert">
      <p className="alert__title">{title}</p>
      <ul className="problem-summary">
        {items.map((item, i) => (
          <li key={`${item.target ?? 'form'}-${i}`}>
            {item.target ? (
              <a
                href={`#${item.target}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(item.target!)?.focus();
                }}
              >
                {item.field}
              </a>
            ) : (
              <span>{item.field}</span>
            )}
            : {item.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A form the API checks: the summary of its problems at the top (`ProblemSummary`), then any other
 * refusal (`other`, under `otherTitle`), then the fields and actions (`children`).
 */
export function FormWithProblems({
  summary,
  other,
  otherTitle,
  onSubmit,
  children,
}: {
  summary: { title: string; items: SummaryItem[]; summaryRef: RefObject<HTMLDivElement | null> };
  other: string | null;
  otherTitle: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemSummary {...summary} />
      {other && (
        <Alert tone="error" title={otherTitle}>
          {other}
        </Alert>
      )}
      {children}
    </form>
  );
}
