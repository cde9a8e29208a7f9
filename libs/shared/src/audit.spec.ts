import { AUDIT_ACTIONS, AUDIT_FAMILIES, auditQueryString, isAuditAction } from './audit.js';

describe('audit vocabulary', () => {
  it('names every action family.name, each once, and lists every family', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const a of AUDIT_ACTIONS) expect(a).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect([...AUDIT_FAMILIES].sort()).toEqual([...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]))].sort());
    expect(isAuditAction('user.created')).toBe(true);
    expect(isAuditAction('user.*')).toBe(false);
  });

  it('writes a filter as a query string in a fixed order, empty values left out, values encoded', () => {
    expect(auditQueryString({})).toBe('');
    expect(auditQueryString({ to: '2026-03-31', user: ' hr.gent ', zone: '', action: 'user.*', limit: 100, before: 42 })).toBe(
      '?user=hr.gent&action=user.*&to=2026-03-31&before=42&limit=100',
    );
    expect(auditQueryString({ user: 'a&b=c' })).toBe('?user=a%26b%3Dc');
  });
});
