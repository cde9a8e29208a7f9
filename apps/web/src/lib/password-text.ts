import type { Problem } from '@equity/shared';
import { t } from './i18n';

/**
 * A problem of the password policy (or of the current password) in the interface's language; null
 * for any other problem. The API writes English; its codes are the same wherever a password is set.
 */
export function passwordProblemText(problem: Pick<Problem, 'code'>): string | null {
  switch (problem.code) {
    case 'password_too_short':
      return t('password.tooShort');
    case 'password_too_long':
      return t('password.tooLong');
    case 'password_letters_only':
      return t('password.lettersOnly');
    case 'password_contains_username':
      return t('password.containsUsername');
    case 'password_common':
      return t('password.common');
    case 'wrong_password':
      return t('password.wrong');
    case 'password_unchanged':
      return t('password.unchanged');
    default:
      return null;
  }
}
