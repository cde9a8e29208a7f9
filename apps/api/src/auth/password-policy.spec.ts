import { passwordProblems } from './password-policy.js';

const codes = (password: string, username: string | null = 'hr.gent') => passwordProblems(password, username).map((p) => p.code);

describe('passwordProblems', () => {
  it('accepts a long password with something other than letters', () => {
    expect(codes('correct horse battery')).toEqual([]);
    expect(codes('Zonnebloem-2026')).toEqual([]);
    expect(codes('ÉtéÀBruxelles9')).toEqual([]);
  });

  it('needs 12 characters (counted as characters, not bytes)', () => {
    expect(codes('abc-12345')).toEqual(['password_too_short']);
    expect(passwordProblems('abc-12345', null)[0]!.rule).toBe('must be at least 12 characters long (it has 9)');
    expect(codes('😀😀😀😀😀😀😀😀😀😀😀😀')).toEqual([]);
    expect(codes('x'.repeat(199) + '1')).toEqual([]);
    expect(codes('x'.repeat(200) + '1')).toEqual(['password_too_long']);
  });

  it('refuses letters only, in any alphabet', () => {
    expect(codes('CorrectHorseBattery')).toEqual(['password_letters_only']);
    expect(codes('ÉtéÀBruxellesÇa')).toEqual(['password_letters_only']);
  });

  it('refuses the user name, whatever the case, inside the password', () => {
    expect(codes('HR.GENT-2026-zone')).toEqual(['password_contains_username']);
    expect(codes('hr.gent.hr.gent', 'hr.gent')).toEqual(['password_contains_username']);
    expect(codes('my-password-is-ok-99', 'ok')).toEqual([]); // names under 3 characters are not searched for
  });

  it('refuses the most common passwords, case-insensitively', () => {
    expect(codes('Password1234')).toEqual(['password_common']);
    expect(codes('123456789012')).toEqual(['password_common']);
    expect(codes('qwerty123456')).toEqual(['password_common']);
  });

  it('names every broken rule at once', () => {
    expect(codes('password', 'password')).toEqual(['password_too_short', 'password_letters_only', 'password_contains_username', 'password_common']);
  });
});
