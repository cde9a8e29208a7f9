/**
 * The target form: what the user typed (always kept as typed), how it becomes the API's
 * TargetInput, and how the API's 422 problems land next to the fields they name.
 */
import { addQuarters, lastEndedPeriod, type Problem, type TargetInput, type TargetMetric, type TargetProgressDto } from '@equity/shared';
import { getLocale, t } from '../../../lib/i18n';
import { problemText as sharedProblemText } from '../../../lib/problem-text';
import { metricKind } from '../../../lib/target-text';
import { DEFAULT_GROUP } from '../../../lib/group-options';

export interface TargetForm {
  zone: string;
  group: string;
  metric: TargetMetric;
  categories: string[];
  /** As typed: a percentage for shares ("17,5"), a ratio for the impact ratio ("0.9"). */
  value: string;
  baselinePeriod: string;
  deadlinePeriod: string;
  note: string;
}

export type FieldName = keyof TargetForm;
export const FIELD_ORDER: FieldName[] = ['zone', 'group', 'metric', 'categories', 'value', 'baselinePeriod', 'deadlinePeriod', 'note'];

export { DEFAULT_GROUP };

/** A new target: the last completed quarter as baseline, three years to reach it. */
export function emptyForm(zone: string, now = new Date()): TargetForm {
  const baseline = lastEndedPeriod(now);
  return { zone, group: DEFAULT_GROUP, metric: 'representation', categories: [], value: '', baselinePeriod: baseline, deadlinePeriod: addQuarters(baseline, 12), note: '' };
}

/** A number as the user's language writes it (17,5 in Dutch and French), without grouping. */
function localNumber(value: number): string {
  const text = String(Number(value.toFixed(6)));
  return getLocale() === 'en' ? text : text.replace('.', ',');
}

export function formFromTarget(target: TargetProgressDto): TargetForm {
  return {
    zone: target.zone,
    group: `${target.group.dimension}:${target.group.code}`,
    metric: target.metric,
    categories: [...target.categories],
    value: localNumber(metricKind(target.metric) === 'share' ? target.value * 100 : target.value),
    baselinePeriod: target.baselinePeriod,
    deadlinePeriod: target.deadlinePeriod,
    note: target.note,
  };
}

/** "17,5", "17.5", " 17.5 % " → 17.5; anything else → null. */
export function parseDecimal(text: string): number | null {
  const cleaned = text.trim().replace(/\s|%/g, '').replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** The request to send, or the problems found before sending (only what the API cannot say better). */
export function toInput(form: TargetForm): { input: TargetInput } | { problems: Problem[] } {
  const typed = parseDecimal(form.value);
  if (typed === null) {
    return { problems: [{ row: null, column: 'value', code: form.value.trim() === '' ? 'required' : 'not_a_number', message: '' }] };
  }
  const value = metricKind(form.metric) === 'share' ? Number((typed / 100).toFixed(8)) : typed;
  return {
    input: {
      zone: form.zone,
      group: form.group,
      metric: form.metric,
      categories: form.categories,
      value,
      baselinePeriod: form.baselinePeriod.trim(),
      deadlinePeriod: form.deadlinePeriod.trim(),
      note: form.note.trim(),
    },
  };
}

/** The field a problem is about (`categories` also for `categories.0`), or null for the request as a whole. */
export function problemField(problem: Problem): FieldName | null {
  const column = problem.column?.split('.')[0] ?? null;
  return column !== null && (FIELD_ORDER as string[]).includes(column) ? (column as FieldName) : null;
}

/**
 * A problem in the interface's language: the API's codes we know are translated (the API writes
 * English), anything else keeps the API's own message.
 */
export function problemText(problem: Problem, metric: TargetMetric): string {
  const value = problem.value ?? '';
  switch (problem.code) {
    case 'required':
      return problem.column === 'value' ? t('targets.problem.valueRequired') : sharedProblemText(problem);
    case 'not_a_number':
    case 'isNumber':
      return t('targets.problem.notANumber');
    case 'out_of_range':
      return metricKind(metric) === 'share' ? t('targets.problem.shareRange') : t('targets.problem.ratioRange');
    case 'unknown_zone':
      return t('targets.problem.unknownZone', { value });
    case 'unknown_group':
      return t('targets.problem.unknownGroup', { value });
    case 'unknown_category':
      return t('targets.problem.unknownCategory', { value });
    case 'invalid_period':
      return t('targets.problem.invalidPeriod', { value });
    case 'deadline_before_baseline':
      return t('targets.problem.deadlineBeforeBaseline');
    case 'isIn':
      return t('targets.problem.metric');
    case 'maxLength':
      return t('targets.problem.noteTooLong');
    default:
      return sharedProblemText(problem);
  }
}

/** Problems sorted by field (in the form's order), the rest apart. */
export function groupProblems(problems: Problem[]): { byField: Partial<Record<FieldName, Problem[]>>; other: Problem[] } {
  const byField: Partial<Record<FieldName, Problem[]>> = {};
  const other: Problem[] = [];
  for (const problem of problems) {
    const field = problemField(problem);
    if (field === null) other.push(problem);
    else (byField[field] ??= []).push(problem);
  }
  return { byField, other };
}
