/**
 * A problem of the API (validation error, warning, refusal) in the interface's language: written
 * from its code and `params` with locales/problems.ts, never from the server's English `message`
 * (kept for API clients and logs), except for a code this version of the dashboard does not know.
 */
import { type Classes, type ClassificationProfile, findDimension, isProblemCode, MEASURES, isMeasureCode, type Problem, type ProblemParams } from '@equity/shared';
import { formatNumber } from './format';
import { i18n, label, type MessageId } from './i18n';
import { categoryLabel, dimensionLabel, valueLabel } from './profile-utils';

/** Columns and fields the dictionary names (`problem.column.<name>`). */
const KNOWN_COLUMNS = new Set([
  'measure',
  'detail',
  'category',
  'count',
  'zone',
  'quarter',
  'in_service_at_end',
  'joined',
  'promoted',
  'left_reason',
  'reason',
  'file',
  'cells',
  'classes',
  // The zones and availability benchmark files of the administrators' console
  'code',
  'name_nl',
  'name_fr',
  'name_en',
  'profile',
  'communes',
  'dimension',
  'group',
  'year',
  'share',
  'source',
]);

const has = (key: string): boolean => i18n.exists(key);

/** A column or field in the interface's language when it is one of the template's, else as written. */
export function columnText(column: string, profile?: ClassificationProfile): string {
  if (KNOWN_COLUMNS.has(column)) return i18n.t(`problem.column.${column}` as MessageId);
  if (profile && findDimension(profile, column)) return dimensionLabel(profile, column);
  return column;
}

/** A code of a vocabulary (category, measure, detail, a classification's value) by its name in the interface's language. */
function codeText(code: string, params: ProblemParams, profile: ClassificationProfile | undefined): string {
  const vocabulary = String(params['vocabulary'] ?? params['dimension'] ?? '');
  if (vocabulary === 'measure' && isMeasureCode(code)) return label(MEASURES[code].label);
  if (vocabulary === 'detail') {
    const measure = String(params['measure'] ?? '');
    const detail = isMeasureCode(measure) ? MEASURES[measure].details.find((d) => d.code === code) : undefined;
    return detail ? label(detail.label) : code;
  }
  if (!profile) return code;
  if (vocabulary === 'category') return categoryLabel(profile, code);
  const dimension = findDimension(profile, vocabulary);
  return dimension ? valueLabel(dimension, code) : code;
}

/**
 * The headcount cell a stock-flow warning is about, from its `category` and `classes`
 * ("gender:male,origin:be_be"); null for any other problem.
 */
export function stockFlowCell(problem: Pick<Problem, 'code' | 'params'>): { category: string; classes: Classes } | null {
  if (problem.code !== 'stock_flow_gap') return null;
  const params: ProblemParams = problem.params ?? {};
  const classes: Classes = {};
  for (const pair of String(params['classes'] ?? '').split(',')) {
    if (!pair) continue;
    const [dimension = '', value = ''] = pair.split(':');
    classes[dimension] = value;
  }
  return { category: String(params['category'] ?? ''), classes };
}

/** "Police agent · Male · Belgian of Belgian origin" of a stock-flow warning's cell. */
function cellText(problem: Problem, profile: ClassificationProfile | undefined): string {
  const cell = stockFlowCell(problem);
  if (!cell) return '';
  const parts = [profile ? categoryLabel(profile, cell.category) : cell.category];
  for (const [dimension, value] of Object.entries(cell.classes)) parts.push(profile ? valueLabel(findDimension(profile, dimension), value) : value);
  return parts.join(' · ');
}

/** The placeholders of a problem's text: its params, numbers formatted, codes named. */
function placeholders(problem: Problem, profile: ClassificationProfile | undefined): Record<string, string | number> {
  const params: ProblemParams = problem.params ?? {};
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) out[key] = typeof value === 'number' ? formatNumber(value) : value;
  if (typeof params['gap'] === 'number') out['gap'] = `${params['gap'] > 0 ? '+' : ''}${formatNumber(params['gap'])}`;
  if (typeof params['difference'] === 'number') out['difference'] = `${params['difference'] > 0 ? '+' : ''}${formatNumber(params['difference'])}`;
  const column = typeof params['column'] === 'string' ? params['column'] : problem.column;
  out['columnName'] = column ? columnText(column, profile) : '';
  if (typeof params['expected'] === 'string') {
    const codes = params['expected'].split(', ');
    // Columns of a template (missing_column, unknown_column, unknown_field) or codes of a vocabulary.
    const isColumns = params['vocabulary'] === undefined && params['dimension'] === undefined;
    out['expected'] = codes.map((code) => (isColumns ? columnText(code, profile) : codeText(code, params, profile))).join(', ');
  }
  if (typeof params['notDeclared'] === 'string') out['notDeclared'] = codeText(params['notDeclared'], params, profile);
  if (problem.code === 'stock_flow_gap') out['who'] = cellText(problem, profile);
  if (typeof params['kinds'] === 'string') {
    out['kinds'] = params['kinds']
      .split(',')
      .map((kind) => (has(`problem.kind.${kind}`) ? i18n.t(`problem.kind.${kind}` as MessageId) : kind))
      .join(i18n.t('problem.and'));
  }
  if (typeof params['role'] === 'string') out['roleName'] = has(`role.${params['role']}`) ? i18n.t(`role.${params['role']}` as MessageId) : params['role'];
  if (typeof params['field'] === 'string') out['field'] = columnText(params['field'], profile);
  return out;
}

/** The dictionary key for a problem: a variant by reason, place, kind, mode or column when there is one, else the code's. */
function keyOf(problem: Problem, profile: ClassificationProfile | undefined): string {
  const base = `problem.${problem.code}`;
  const params = problem.params ?? {};
  for (const name of ['reason', 'place', 'kind', 'mode']) {
    const variant = params[name];
    if (typeof variant === 'string' && has(`${base}.${variant}`)) return `${base}.${variant}`;
  }
  if (problem.column && has(`${base}.${problem.column}`)) return `${base}.${problem.column}`;
  // An empty classification (gender, origin…): the variant that names the "not declared" answer.
  if (problem.column && profile && findDimension(profile, problem.column) && has(`${base}.dimension`)) return `${base}.dimension`;
  if (typeof params['dimension'] === 'string' && has(`${base}.dimension`)) return `${base}.dimension`;
  return base;
}

/**
 * A problem in the interface's language. `profile` (the zone's classification profile) names the
 * categories, classifications and values a problem mentions; without it they are shown as codes.
 */
export function problemText(problem: Pick<Problem, 'code' | 'message'> & Partial<Problem>, profile?: ClassificationProfile): string {
  const full: Problem = { row: null, column: null, ...problem } as Problem;
  if (!isProblemCode(full.code)) return full.message;
  const key = keyOf(full, profile);
  const values = placeholders(full, profile);
  const plural = has(`${key}_other`);
  if (!plural && !has(key)) return full.message;
  // A problem without the params its text needs (sent by an older server, or kept in the audit log
  // from before problems had params): the server's words rather than a text with holes.
  const template = String(i18n.getResource(i18n.language, 'translation', plural ? `${key}_other` : key) ?? i18n.getResource('en', 'translation', plural ? `${key}_other` : key) ?? '');
  const needed = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => name !== 'count');
  if (needed.some((name) => values[name] === undefined || values[name] === '')) return full.message;
  if (plural) return i18n.t(key as MessageId, { ...values, count: Number(full.params?.['count'] ?? 1) });
  return i18n.t(key as MessageId, values);
}

/** Problems as a list (e.g. the warnings an audit event kept), each with a code and a message. */
export function isProblemList(value: unknown): value is Problem[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((p) => typeof p === 'object' && p !== null && typeof (p as Problem).code === 'string' && typeof (p as Problem).message === 'string')
  );
}

/**
 * The column of a problem as the problems table shows it: a column of the template by its name in
 * the interface's language, with the heading as the file has it when that differs
 * ("Herkomst (origin)"), so the officer finds it in the file; any other column as written.
 */
export function problemColumnText(problem: Problem, profile?: ClassificationProfile): string | null {
  // A stock-flow gap is about a headcount cell: named by its measure (the cell is in "where" and the text).
  if (!problem.column && stockFlowCell(problem)) return label(MEASURES.headcount.label);
  if (!problem.column) return null;
  const name = columnText(problem.column, profile);
  return name.toLowerCase() === problem.column.toLowerCase() ? problem.column : `${name} (${problem.column})`;
}
