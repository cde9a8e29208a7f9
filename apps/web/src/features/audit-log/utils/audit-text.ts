/**
 * The audit log in the interface's language: action and family names (one per AUDIT_ACTIONS entry),
 * the filter read from and written to the address, a one-line summary of an event's details, and
 * the API's 400 problems next to the filters they name.
 */
import { AUDIT_ACTIONS, AUDIT_FAMILIES, AUDIT_FILTER_FIELDS, type AuditFamily, type AuditFilter, isAuditAction, type Problem } from '@equity/shared';
import { localeTag, t } from '../../../lib/i18n';
import { problemText as sharedProblemText } from '../../../lib/problem-text';

export type FilterField = (typeof AUDIT_FILTER_FIELDS)[number];
export const FILTER_FIELDS: readonly FilterField[] = AUDIT_FILTER_FIELDS;

export function actionName(action: string): string {
  return isAuditAction(action) ? t(`audit.action.${action}`) : action;
}

export const familyName = (family: AuditFamily): string => t(`audit.family.${family}`);

/** The action choices: every family (all its actions, then each one). */
export function actionGroups(): { family: AuditFamily; label: string; options: { value: string; label: string }[] }[] {
  return AUDIT_FAMILIES.map((family) => ({
    family,
    label: familyName(family),
    options: [
      { value: `${family}.*`, label: t('audit.family', { family: familyName(family) }) },
      ...AUDIT_ACTIONS.filter((a) => a.startsWith(`${family}.`)).map((a) => ({ value: a, label: t(`audit.action.${a}`) })),
    ],
  }));
}

/** The filter in the address (`?user=…&zone=…`), empty values left out. */
export function filterFromParams(params: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of FILTER_FIELDS) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

/** Time of an event to the second, in the interface's language (events close together must be told apart). */
export function eventTime(iso: string): string {
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const plain = (value: unknown): string => (Array.isArray(value) ? value.map(plain).join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/** The few details that say what an event was about (the account, the revision, what changed, the reason). */
export function detailsSummary(details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details['username'] === 'string') parts.push(t('audit.summary.username', { value: details['username'] }));
  if (typeof details['revision'] === 'number') parts.push(t('audit.summary.revision', { value: details['revision'] }));
  if (Array.isArray(details['changed'])) parts.push(t('audit.summary.changed', { value: plain(details['changed']) }));
  if (typeof details['reason'] === 'string' && details['reason'] !== '') parts.push(t('audit.summary.reason', { value: clip(details['reason']) }));
  return parts.join('; ');
}

/** A detail's value as text: lists joined, objects as JSON (readable for `{from, to}`). */
export const detailText = (value: unknown): string => (value === null ? '—' : plain(value));

export function filterField(problem: Problem): FilterField | null {
  return (FILTER_FIELDS as readonly (string | null)[]).includes(problem.column) ? (problem.column as FilterField) : null;
}

export function filterProblemText(problem: Problem): string {
  switch (problem.code) {
    case 'invalid_user':
      return t('audit.problem.invalidUser');
    case 'invalid_zone':
      return t('audit.problem.invalidZone');
    case 'unknown_action':
      return t('audit.problem.unknownAction');
    case 'invalid_date':
      return t('audit.problem.invalidDate');
    case 'to_before_from':
      return t('audit.problem.toBeforeFrom');
    default:
      return sharedProblemText(problem);
  }
}
