/**
 * The audit log's vocabulary: every action the API records, in one list. The API records only
 * these (AuditService takes an `AuditAction`), the audit endpoint filters by them, and the
 * dashboard names each in three languages.
 */

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_refused_locked',
  'auth.lockout',
  'auth.logout',
  'auth.oidc_failed',
  'auth.oidc_refused',
  'auth.password_change_failed',
  'auth.password_changed',
  'user.created',
  'user.updated',
  'user.password_set',
  'user.sessions_revoked',
  'user.unlocked',
  'profile.created',
  'profile.updated',
  'zone.created',
  'zone.updated',
  'zone.deleted',
  'zone.merged',
  'return.revised',
  'return.signed_off',
  'return.reopened',
  'availability.set',
  'availability.deleted',
  'target.created',
  'target.updated',
  'target.deleted',
  'survey.campaign_opened',
  'survey.codes_generated',
  'survey.campaign_closed',
  'export.downloaded',
  'audit.exported',
  'demo.loaded',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The part before the dot: `user` of `user.created`. */
export type AuditFamily = AuditAction extends `${infer F}.${string}` ? F : never;

export const AUDIT_FAMILIES: readonly AuditFamily[] = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0] as AuditFamily))];

export const isAuditAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);

/**
 * What the audit log can be filtered by (`GET /api/v1/audit` and its CSV), all optional: `user` the
 * account that acted, `zone` a zone code, `action` an action or a whole family (`user.*`), `from`
 * and `to` calendar days (YYYY-MM-DD, Belgian time, both included).
 */
export interface AuditFilter {
  user?: string;
  zone?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The filter plus paging: events older than the event `before` (its id), at most `limit` (1–1000, default 100). */
export interface AuditQuery extends AuditFilter {
  before?: number;
  limit?: number;
}

export const AUDIT_FILTER_FIELDS = ['user', 'zone', 'action', 'from', 'to'] as const satisfies readonly (keyof AuditFilter)[];

/** The query string of a filter (with paging), parameters in a fixed order, empty values left out. */
export function auditQueryString(query: AuditQuery): string {
  const params: string[] = [];
  for (const key of [...AUDIT_FILTER_FIELDS, 'before', 'limit'] as const) {
    const value = query[key];
    if (value !== undefined && String(value).trim() !== '') params.push(`${key}=${encodeURIComponent(String(value).trim())}`);
  }
  return params.length ? `?${params.join('&')}` : '';
}
