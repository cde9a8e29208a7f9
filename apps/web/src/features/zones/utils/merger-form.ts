import type { MergeZoneRequest, Problem } from '@equity/shared';

/** The fields of the merger form: the successor and the first quarter it holds. */
export const MERGER_FIELDS = ['into', 'from'] as const;
export type MergerField = (typeof MERGER_FIELDS)[number];
export type MergerForm = Record<MergerField, string>;

export const emptyMergerForm = (): MergerForm => ({ into: '', from: '' });

/** The field a problem of the API is about (its `column`), or null for the merger as a whole (a zone merged already). */
export function mergerField(problem: Problem): MergerField | null {
  return (MERGER_FIELDS as readonly string[]).includes(problem.column ?? '') ? (problem.column as MergerField) : null;
}

/** The request of a filled-in form (the quarter without surrounding spaces). */
export const toMergeRequest = (form: MergerForm): MergeZoneRequest => ({ into: form.into, from: form.from.trim() });
