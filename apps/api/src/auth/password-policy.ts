/**
 * The password policy, checked wherever a password is set (account creation, an administrator
 * setting a password, a user changing their own, ADMIN_PASSWORD at start-up). Pure, so the same
 * rules run in the API and in the configuration check.
 */
import type { Problem } from '@equity/shared';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export interface PasswordProblem {
  code: 'password_too_short' | 'password_too_long' | 'password_letters_only' | 'password_contains_username' | 'password_common';
  /** Completes "The password …" or "ADMIN_PASSWORD …". */
  rule: string;
}

/**
 * The most common passwords of public breach lists (lower case), plus obvious ones for this
 * product. Short ones also fail the length rule; they are listed so that the answer names both.
 */
const COMMON_PASSWORDS = new Set([
  '123456', '123456789', '12345678', 'password', 'qwerty', '12345', '1234567', '111111', '123123', 'abc123',
  '1234567890', 'password1', 'iloveyou', '000000', 'qwerty123', '1q2w3e4r', 'admin', 'welcome', 'letmein', 'monkey',
  'dragon', 'football', 'sunshine', 'princess', 'azerty', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'master', 'trustno1',
  '123456789012', '1234567890123', '12345678901234', '111111111111', '000000000000', '123123123123', '987654321098',
  'password1234', 'password12345', 'password123!', 'password!123', 'passwordpassword', 'password-1234', 'p@ssw0rd1234',
  'p@ssword1234', 'passw0rd1234', 'qwerty123456', 'qwertyuiop12', 'qwertyuiop123', 'qwertyuiop1234', '1q2w3e4r5t6y',
  '1qaz2wsx3edc', 'qazwsxedc123', 'azertyuiop12', 'azertyuiop123', 'azerty123456', 'iloveyou1234', 'welcome12345',
  'welcome@1234', 'welcome1234!', 'letmein12345', 'administrator', 'administrator1', 'admin1234567', 'admin12345678',
  'admin@123456', 'changeme1234', 'changeme12345', 'abcdefghijkl', 'abcdef123456', 'abc123456789', 'a1b2c3d4e5f6',
  'football1234', 'sunshine1234', 'princess1234', 'superman1234', 'starwars1234', 'baseball1234', 'trustno11234',
  'computer1234', 'whatever1234', 'motdepasse12', 'motdepasse123', 'wachtwoord12', 'wachtwoord123', 'wachtwoord1234',
  'politie12345', 'police123456', 'police-12345', 'belgium12345', 'belgique1234', 'belgie123456', 'brussels1234',
  'equity-monitor', 'equitymonitor', 'equity-monitor1', 'equitymonitor1', 'equity-demo', 'equity-demo1', 'equity-demo123',
]);

const onlyLetters = /^\p{L}+$/u;

/**
 * Every rule the password breaks, in order; empty when it is acceptable. `username` is the account
 * the password is for (lower case or not; compared case-insensitively).
 */
export function passwordProblems(password: string, username: string | null): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push({ code: 'password_too_short', rule: `must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${length})` });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({ code: 'password_too_long', rule: `must be at most ${PASSWORD_MAX_LENGTH} characters long (it has ${length})` });
  }
  if (onlyLetters.test(password)) {
    problems.push({ code: 'password_letters_only', rule: 'must contain at least one character that is not a letter: a digit, a space or a symbol' });
  }
  const lower = password.toLowerCase();
  const name = username?.trim().toLowerCase() ?? '';
  if (name.length >= 3 && lower.includes(name)) {
    problems.push({ code: 'password_contains_username', rule: 'must not be or contain the user name' });
  }
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.trim())) {
    problems.push({ code: 'password_common', rule: 'is one of the most commonly used passwords; choose another' });
  }
  return problems;
}

/** The policy's verdict as request problems of field `column` (422 shape), e.g. "The new password must …". */
export function passwordPolicyProblems(password: string, username: string | null, column: string, noun = 'The password'): Problem[] {
  return passwordProblems(password, username).map((p): Problem => ({
    row: null,
    column,
    code: p.code,
    message: `${noun} ${p.rule}.`,
    ...(p.code === 'password_too_short' ? { params: { min: PASSWORD_MIN_LENGTH } } : p.code === 'password_too_long' ? { params: { max: PASSWORD_MAX_LENGTH } } : {}),
  }));
}
