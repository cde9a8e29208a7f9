/**
 * The account forms (new account, name/role/zones of an existing one): what the administrator typed,
 * kept as typed; the request it becomes; and the API's 422 problems in the interface's language
 * next to the fields they name.
 */
import type { CreateUserRequest, ManagedUserDto, Problem, Role, UpdateUserRequest } from '@equity/shared';
import { t, tCount } from '../../../lib/i18n';
import { passwordProblemText } from '../../../lib/password-text';
import { problemText as sharedProblemText } from '../../../lib/problem-text';

export interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  zones: string[];
  password: string;
}

export type UserField = keyof UserForm;
export const USER_FIELDS: UserField[] = ['username', 'displayName', 'role', 'zones', 'password'];

export const emptyUserForm = (): UserForm => ({ username: '', displayName: '', role: 'hr', zones: [], password: '' });

export const formFromUser = (user: ManagedUserDto): UserForm => ({ username: user.username, displayName: user.displayName, role: user.role, zones: [...user.zones], password: '' });

export function toCreateRequest(form: UserForm): CreateUserRequest {
  return { username: form.username.trim(), displayName: form.displayName.trim(), role: form.role, zones: form.role === 'hr' ? form.zones : [], password: form.password };
}

/** Only what changed (nothing when nothing did): a new role alone ends the user's sessions, so it is sent only when it is new. */
export function toUpdateRequest(user: ManagedUserDto, form: UserForm): UpdateUserRequest {
  const change: UpdateUserRequest = {};
  if (form.displayName.trim() !== user.displayName) change.displayName = form.displayName.trim();
  if (form.role !== user.role) change.role = form.role;
  const zones = form.role === 'hr' ? [...form.zones].sort() : [];
  if (zones.join() !== [...user.zones].sort().join()) change.zones = zones;
  return change;
}

/** The name a field has in the problem summary (null: the account as a whole). */
export const fieldLabel = (field: UserField | null): string => t(field ? `users.field.${field}` : 'users.field.whole');

/** The title of the problem summary of the account forms. */
export const problemsTitle = (count: number): string => tCount('users.problems', count, { count });

/** The field a problem is about (`zones` also for `zones.0`), or null for the account as a whole. */
export function problemField(problem: Problem): UserField | null {
  const column = problem.column?.split('.')[0] ?? null;
  if (column === 'active') return null;
  return column !== null && (USER_FIELDS as string[]).includes(column) ? (column as UserField) : null;
}

export function problemText(problem: Problem): string {
  const known = passwordProblemText(problem);
  if (known) return known;
  switch (problem.code) {
    case 'invalid_username':
      return t('users.problem.invalidUsername');
    case 'username_taken':
      return t('users.problem.usernameTaken');
    case 'required':
      return problem.column === 'password' ? t('password.required') : t('users.problem.displayNameRequired');
    case 'too_long':
      return t('users.problem.displayNameTooLong');
    case 'unknown_role':
      return t('users.problem.unknownRole');
    case 'zones_required':
      return t('users.problem.zonesRequired');
    case 'zones_not_allowed':
      return t('users.problem.zonesNotAllowed');
    case 'unknown_zone':
      return t('users.problem.unknownZone', { value: problem.value ?? '' });
    case 'last_admin':
      return t('users.problem.lastAdmin');
    default:
      return sharedProblemText(problem);
  }
}
