import type { ReactNode, RefObject } from 'react';

/**
 * A labelled control with its help and its errors below it. The control itself is the child; give
 * it `id`, `aria-invalid` and `aria-describedby={describedBy(id, help, errors)}`.
 */
export function FormField({
  id,
  label,
  help,
  errors,
  required,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  errors: string[];
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field">
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

export interface SummaryItem {
  /** The control to focus, or null for a problem of the whole form. */
  target: string | null;
  field: string;
  text: string;
}

/**
 * Every problem of a form at once, at its top, each linking to its field: the summary takes focus
 * when shown (`summaryRef`), so a screen reader reads it first and a keyboard user jumps from it.
 */
export function ProblemSummary({ title, items, summaryRef }: { title: string; items: SummaryItem[]; summaryRef: RefObject<HTMLDivElement | null> }) {
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
