import type { Problem } from '@equity/shared';
import { useId, useRef, useState } from 'react';

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
  return { ids, form, setForm, problems, setProblems, summaryRef, errorsOf, set };
}
