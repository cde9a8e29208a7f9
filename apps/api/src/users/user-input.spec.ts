import { applyChange, newUserProblems, userChangeProblems } from './user-input.js';

const knownZones = new Set(['5415', '5345']);
const valid = { username: 'hr.new-officer', displayName: 'New officer', role: 'hr', zones: ['5415'], password: 'a-good-pass-2026' };
const codes = (problems: { column: string | null; code: string }[]) => problems.map((p) => `${p.column}:${p.code}`);

describe('newUserProblems', () => {
  it('accepts a complete, valid account', () => {
    expect(newUserProblems(valid, { usernameTaken: false, knownZones })).toEqual([]);
    expect(newUserProblems({ ...valid, role: 'researcher', zones: [] }, { usernameTaken: false, knownZones })).toEqual([]);
  });

  it('reports every problem at once, each on its field', () => {
    const problems = newUserProblems({ username: 'X', displayName: '  ', role: 'boss', zones: [], password: 'short' }, { usernameTaken: false, knownZones });
    expect(codes(problems)).toEqual([
      'username:invalid_username',
      'displayName:required',
      'role:unknown_role',
      'password:password_too_short',
      'password:password_letters_only',
    ]);
    expect(problems.every((p) => p.row === null && p.message.length > 10)).toBe(true);
  });

  it('checks the zones against the role and the known zones, and the user name against the taken ones', () => {
    expect(codes(newUserProblems({ ...valid, zones: [] }, { usernameTaken: true, knownZones }))).toEqual(['username:username_taken', 'zones:zones_required']);
    expect(codes(newUserProblems({ ...valid, zones: ['5415', '0000'] }, { usernameTaken: false, knownZones }))).toEqual(['zones:unknown_zone']);
    expect(codes(newUserProblems({ ...valid, role: 'management' }, { usernameTaken: false, knownZones }))).toEqual(['zones:zones_not_allowed']);
    expect(codes(newUserProblems({ ...valid, password: 'HR.New-Officer-2026' }, { usernameTaken: false, knownZones }))).toEqual(['password:password_contains_username']);
  });
});

describe('userChangeProblems', () => {
  const hr = { role: 'hr' as const, zones: ['5415'], active: true };
  const admin = { role: 'admin' as const, zones: [], active: true };

  it('keeps omitted fields and clears zones when leaving the HR role', () => {
    expect(applyChange(hr, {})).toEqual({ role: 'hr', zones: ['5415'], active: true });
    expect(applyChange(hr, { role: 'management' })).toEqual({ role: 'management', zones: [], active: true });
    expect(userChangeProblems(hr, { role: 'management' }, { knownZones, otherActiveAdmins: 1 })).toEqual([]);
  });

  it('needs zones when becoming HR, and refuses zones for other roles', () => {
    expect(codes(userChangeProblems(admin, { role: 'hr' }, { knownZones, otherActiveAdmins: 1 }))).toEqual(['zones:zones_required']);
    expect(codes(userChangeProblems(admin, { zones: ['5415'] }, { knownZones, otherActiveAdmins: 1 }))).toEqual(['zones:zones_not_allowed']);
    expect(codes(userChangeProblems(hr, { zones: ['9999'], displayName: '' }, { knownZones, otherActiveAdmins: 1 }))).toEqual(['displayName:required', 'zones:unknown_zone']);
  });

  it('never leaves the application without an active administrator', () => {
    expect(codes(userChangeProblems(admin, { active: false }, { knownZones, otherActiveAdmins: 0 }))).toEqual(['active:last_admin']);
    expect(codes(userChangeProblems(admin, { role: 'researcher' }, { knownZones, otherActiveAdmins: 0 }))).toEqual(['role:last_admin']);
    expect(userChangeProblems(admin, { active: false }, { knownZones, otherActiveAdmins: 1 })).toEqual([]);
    expect(userChangeProblems({ ...admin, active: false }, { active: false }, { knownZones, otherActiveAdmins: 0 })).toEqual([]);
  });
});
