import type { Problem } from '@equity/shared';
import { useId, useRef, useState } from 'react';
import { validationProblems } from './api-client';
import { summaryItems } from './field-problems';

/**
 * The state of a form whose problems come from the API (users, zones): the values, an id per field,
 * the problems with each field's own (a field's problems go as soon as it is changed), and the
 * summary to focus. `fieldOf` says which field a problem belongs to; `text` writes it.
 */
export function useFieldForm<F extends string, V extends Record<F, unknown>>(
  fields: readonly F[],
  initial: V | (() => V),
  fieldOf: (problem: Problem) => F | null,
  text: (problem: Problem) => string,
) {
  const base = useId();
  const ids = Object.fromEntries(fields.map((f) => [f, `${base}-${f}`])) as Record<F, string>;
  const [form, setForm] = useState<V>(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errorsOf = (field: F) => problems.filter((p) => fieldOf(p) === field).map(text);
  const set = <K extends F>(field: K, value: V[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblems((current) => current.filter((p) => fieldOf(p) !== field));
  };
  /** Shows these problems and moves focus to their summary. */
  const showProblems = (found: Problem[]) => {
    setProblems(found);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };
  /** A failed request: the problems of a 422 shown as `showProblems` does; any other error is the caller's to say. */
  const showRefusal = (error: unknown) => {
    const found = validationProblems(error);
    if (found) showProblems(found);
  };
  /** What `ProblemSummary` shows: the title for so many problems, the items with each field named by `labelOf` (null: the form as a whole). */
  const summary = (title: (count: number) => string, labelOf: (field: F | null) => string) => ({
    title: title(problems.length),
    items: summaryItems(problems, fieldOf, ids, labelOf, text),
    summaryRef,
  });
  /** What a `TextField` of a text field needs: its id, errors, value and how to change it. */
  const textField = <K extends TextFieldName<F, V>>(field: K) => ({
    id: ids[field],
    errors: errorsOf(field),
    value: form[field] as string,
    onChange: (value: string) => set(field, value as V[K]),
  });
  return { ids, form, setForm, problems, setProblems, summaryRef, errorsOf, set, showProblems, showRefusal, summary, textField };
}

/** What `useFieldForm` gives, for the components that draw some of a form's fields. */
export type FieldForm<F extends string, V extends Record<F, unknown>> = ReturnType<typeof useFieldForm<F, V>>;

/** The fields of a form whose values are text. */
type TextFieldName<F extends string, V extends Record<F, unknown>> = { [K in F]: V[K] extends string ? K : never }[F];
