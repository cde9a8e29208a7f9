/**
 * The problems of a form, as its summary at the top lists them: each names its field and links to
 * that field's control, or names the form as a whole when it is about no one field.
 */

export interface SummaryItem {
  /** The control to focus, or null for a problem of the whole form. */
  target: string | null;
  field: string;
  text: string;
}

/**
 * The summary's items, one per problem and in their order. `fieldOf` says which field a problem is
 * about (null: the whole form), `ids` the control of each field, `labelOf` the name the summary
 * gives a field (or the whole form, for null), `text` the problem in words.
 */
export function summaryItems<F extends string, P>(
  problems: readonly P[],
  fieldOf: (problem: P) => F | null,
  ids: Record<F, string>,
  labelOf: (field: F | null) => string,
  text: (problem: P) => string,
): SummaryItem[] {
  return problems.map((problem) => {
    const field = fieldOf(problem);
    return { target: field ? ids[field] : null, field: labelOf(field), text: text(problem) };
  });
}
