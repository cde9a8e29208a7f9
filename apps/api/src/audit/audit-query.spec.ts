import { AUDIT_ACTIONS } from '@equity/shared';
import { isDay, readAuditFilter, readAuditList } from './audit-query.js';

const codes = (r: { problems: { code: string; column: string | null }[] } | object) => ('problems' in r ? r.problems.map((p) => `${p.column}:${p.code}`) : []);

describe('audit filters', () => {
  it('reads every filter, trimmed; user names in lower case; the default limit', () => {
    expect(readAuditList({ user: ' HR.Gent ', zone: '5415', action: 'user.created', from: '2026-01-01', to: '2026-03-31' })).toEqual({
      spec: { user: 'hr.gent', zone: '5415', actions: ['user.created'], from: '2026-01-01', to: '2026-03-31', limit: 100 },
    });
    expect(readAuditList({})).toEqual({ spec: { limit: 100 } });
    expect(readAuditList({ user: '', zone: '  ' })).toEqual({ spec: { limit: 100 } });
    expect(readAuditList({ before: '120', limit: '1000' })).toEqual({ spec: { before: 120, limit: 1000 } });
  });

  it('takes a family of actions written user.*', () => {
    const r = readAuditList({ action: 'user.*' });
    expect('spec' in r && r.spec.actions).toEqual(AUDIT_ACTIONS.filter((a) => a.startsWith('user.')));
  });

  it('reports every problem at once, each naming its parameter', () => {
    // Each parameter with a bad value and the problem it gets, in the order they are reported:
    // unknown parameters first, then the known ones in a fixed order.
    const bad: [parameter: string, value: string | string[], code: string][] = [
      ['page', '2', 'unknown_parameter'],
      ['tag', ['a', 'b'], 'unknown_parameter'],
      ['user', 'no spaces allowed', 'invalid_user'],
      ['zone', '<5415>', 'invalid_zone'],
      ['action', 'user.deleted', 'unknown_action'],
      ['from', '2026-02-30', 'invalid_date'],
      ['to', 'yesterday', 'invalid_date'],
      ['before', '0', 'invalid_before'],
      ['limit', '1001', 'invalid_limit'],
    ];
    // Given with the unknown parameters last: they are still reported first.
    const given = [...bad.slice(2), ...bad.slice(0, 2)];
    const r = readAuditList(Object.fromEntries(given.map(([parameter, value]) => [parameter, value])));
    expect(codes(r)).toEqual(bad.map(([parameter, , code]) => `${parameter}:${code}`));
  });

  it('refuses a range that ends before it starts, and a parameter given twice', () => {
    expect(codes(readAuditList({ from: '2026-04-01', to: '2026-03-31' }))).toEqual(['to:to_before_from']);
    expect(codes(readAuditList({ zone: ['5415', '5345'] }))).toEqual(['zone:repeated_parameter']);
    expect(codes(readAuditList({ action: 'nothing.*' }))).toEqual(['action:unknown_action']);
  });

  it('never quotes what was typed', () => {
    const r = readAuditList({ user: 'secret value', from: 'secret-date' });
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('the CSV takes the filters without paging', () => {
    expect(readAuditFilter({ zone: '5415', from: '2026-01-01' })).toEqual({ spec: { zone: '5415', from: '2026-01-01' } });
    expect(codes(readAuditFilter({ limit: '10', before: '3' }))).toEqual(['limit:unknown_parameter', 'before:unknown_parameter']);
  });

  it('knows which days exist', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
  });
});
