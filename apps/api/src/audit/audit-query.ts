/**
 * The audit log's filters as they arrive in a query string, read into what the repository needs.
 * Pure, so every problem of a request is found at once (and unit-tested without a server); the
 * controller answers them with 400 in the one error shape. No message quotes what was typed.
 */
import { AUDIT_ACTIONS, AUDIT_FAMILIES, type AuditAction, AUDIT_FILTER_FIELDS, isAuditAction, type Problem, ZONE_CODE_PATTERN } from '@equity/shared';
import { requestProblem } from '../core/problems.js';

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;

/** An account name as the log stores its actor (lower case); looser than new accounts' pattern, so older names still match. */
const ACTOR_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const ID_PATTERN = /^[1-9]\d{0,15}$/;

/** What the log is filtered by: every field optional; `actions` an action or every action of a family. */
export interface AuditFilterSpec {
  user?: string;
  zone?: string;
  actions?: AuditAction[];
  /** First day included (YYYY-MM-DD, Belgian time). */
  from?: string;
  /** Last day included. */
  to?: string;
}

export interface AuditListSpec extends AuditFilterSpec {
  before?: number;
  limit: number;
}

type Raw = Record<string, unknown>;

/** A calendar day that exists (2026-02-30 does not). */
export function isDay(text: string): boolean {
  const m = DAY_PATTERN.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2999 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A positive whole number written plainly (an event id), or null. */
export function parseId(text: string): number | null {
  if (!ID_PATTERN.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

function single(raw: Raw, key: string, problems: Problem[]): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push(requestProblem(key, 'repeated_parameter', `Give "${key}" once, as plain text.`, undefined, { parameter: key }));
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readFilter(raw: Raw, problems: Problem[]): AuditFilterSpec {
  const filter: AuditFilterSpec = {};
  const user = single(raw, 'user', problems)?.toLowerCase();
  if (user !== undefined) {
    if (ACTOR_PATTERN.test(user)) filter.user = user;
    else problems.push(requestProblem('user', 'invalid_user', 'The user must be a user name: letters, digits, ".", "_", "-" or "@", at most 64.'));
  }
  const zone = single(raw, 'zone', problems);
  if (zone !== undefined) {
    if (ZONE_CODE_PATTERN.test(zone)) filter.zone = zone;
    else problems.push(requestProblem('zone', 'invalid_zone', 'The zone must be a zone code such as 5415: letters, digits, ".", "_" or "-", at most 40.'));
  }
  const action = single(raw, 'action', problems);
  if (action !== undefined) {
    const family = action.endsWith('.*') ? action.slice(0, -2) : null;
    if (isAuditAction(action)) filter.actions = [action];
    else if (family !== null && (AUDIT_FAMILIES as readonly string[]).includes(family)) filter.actions = AUDIT_ACTIONS.filter((a) => a.startsWith(`${family}.`));
    else {
      problems.push(
        requestProblem(
          'action',
          'unknown_action',
          `The action must be one the audit log records (such as user.created) or a family of them written like user.*; the families are ${AUDIT_FAMILIES.join(', ')}.`,
        ),
      );
    }
  }
  for (const key of ['from', 'to'] as const) {
    const day = single(raw, key, problems);
    if (day === undefined) continue;
    if (isDay(day)) filter[key] = day;
    else problems.push(requestProblem(key, 'invalid_date', `"${key}" must be a date written YYYY-MM-DD, such as 2026-03-31.`, undefined, { parameter: key }));
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    problems.push(requestProblem('to', 'to_before_from', '"to" must not be before "from": the range runs from the first day to the last, both included.'));
  }
  return filter;
}

function unknownParameters(raw: Raw, allowed: readonly string[], problems: Problem[]): void {
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue;
    const name = key.length > 40 ? `${key.slice(0, 40)}…` : key;
    problems.push(requestProblem(name, 'unknown_parameter', `"${name}" is not a parameter here; use ${allowed.join(', ')}.`, undefined, { expected: allowed.join(', ') }));
  }
}

/** The list's filters and paging (`GET /api/v1/audit`), or every problem of them. */
export function readAuditList(raw: Raw): { spec: AuditListSpec } | { problems: Problem[] } {
  const problems: Problem[] = [];
  unknownParameters(raw, [...AUDIT_FILTER_FIELDS, 'before', 'limit'], problems);
  const filter = readFilter(raw, problems);
  const spec: AuditListSpec = { ...filter, limit: AUDIT_DEFAULT_LIMIT };
  const before = single(raw, 'before', problems);
  if (before !== undefined) {
    const id = parseId(before);
    if (id === null) problems.push(requestProblem('before', 'invalid_before', '"before" must be the id of an event (a whole number above 0): the events older than it are listed.'));
    else spec.before = id;
  }
  const limit = single(raw, 'limit', problems);
  if (limit !== undefined) {
    const n = parseId(limit);
    if (n === null || n > AUDIT_MAX_LIMIT) problems.push(requestProblem('limit', 'invalid_limit', `"limit" must be a whole number from 1 to ${AUDIT_MAX_LIMIT}.`, undefined, { max: AUDIT_MAX_LIMIT }));
    else spec.limit = n;
  }
  return problems.length ? { problems } : { spec };
}

/** The CSV's filters (`GET /api/v1/audit/export.csv`): the list's, without paging. */
export function readAuditFilter(raw: Raw): { spec: AuditFilterSpec } | { problems: Problem[] } {
  const problems: Problem[] = [];
  unknownParameters(raw, AUDIT_FILTER_FIELDS, problems);
  const spec = readFilter(raw, problems);
  return problems.length ? { problems } : { spec };
}
