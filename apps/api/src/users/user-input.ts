/**
 * Checks of account administration input, pure so every problem is found at once (the service
 * looks up what needs the database first and passes it in).
 */
import { type Problem, type Role, ROLES } from '@equity/shared';
import { passwordPolicyProblems } from '../auth/password-policy.js';
import { requestProblem } from '../core/problems.js';

/** 3–64 characters: lower-case letters, digits, dot, hyphen, underscore; a letter or digit at both ends. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
export const DISPLAY_NAME_MAX = 100;

export interface NewUserInput {
  username: string;
  displayName: string;
  role: string;
  zones: string[];
  password: string;
}

export interface UserChange {
  displayName?: string;
  role?: string;
  zones?: string[];
  active?: boolean;
}

export interface CurrentUserState {
  role: Role;
  zones: string[];
  active: boolean;
}

export const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/** Trimmed, lower-case, duplicates removed. */
export const normaliseZones = (zones: string[]) => [...new Set(zones.map((z) => z.trim()).filter(Boolean))];

function roleProblems(role: string): Problem[] {
  return isRole(role) ? [] : [requestProblem('role', 'unknown_role', `The role must be one of: ${ROLES.join(', ')}.`, role, { expected: ROLES.join(', ') })];
}

function displayNameProblems(displayName: string): Problem[] {
  const name = displayName.trim();
  if (!name) return [requestProblem('displayName', 'required', 'The display name is required.')];
  if (name.length > DISPLAY_NAME_MAX) return [requestProblem('displayName', 'too_long', `The display name must be at most ${DISPLAY_NAME_MAX} characters long.`, undefined, { max: DISPLAY_NAME_MAX })];
  return [];
}

/** Zones fit the role: at least one known zone for an HR officer, none for any other role. */
function zoneProblems(role: string, zones: string[], knownZones: ReadonlySet<string>): Problem[] {
  if (!isRole(role)) return [];
  if (role !== 'hr') {
    return zones.length ? [requestProblem('zones', 'zones_not_allowed', `Only HR officers are limited to zones; leave the zones empty for the role ${role}.`, undefined, { role })] : [];
  }
  if (!zones.length) return [requestProblem('zones', 'zones_required', 'An HR officer needs at least one zone (zone codes such as 5415).')];
  return zones.filter((z) => !knownZones.has(z)).map((z) => requestProblem('zones', 'unknown_zone', `There is no zone with code ${z}.`, z));
}

export function newUserProblems(input: NewUserInput, ctx: { usernameTaken: boolean; knownZones: ReadonlySet<string> }): Problem[] {
  const problems: Problem[] = [];
  if (!USERNAME_PATTERN.test(input.username)) {
    problems.push(
      requestProblem(
        'username',
        'invalid_username',
        'The user name must be 3 to 64 characters: lower-case letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit.',
        input.username,
      ),
    );
  } else if (ctx.usernameTaken) {
    problems.push(requestProblem('username', 'username_taken', `The user name ${input.username} is already taken.`, input.username));
  }
  problems.push(...displayNameProblems(input.displayName));
  problems.push(...roleProblems(input.role));
  problems.push(...zoneProblems(input.role, input.zones, ctx.knownZones));
  problems.push(...passwordPolicyProblems(input.password, input.username, 'password'));
  return problems;
}

/** The account after the change: an omitted field stays, and leaving the HR role clears the zones. */
export function applyChange(current: CurrentUserState, change: UserChange): { role: string; zones: string[]; active: boolean } {
  const role = change.role ?? current.role;
  const zones = change.zones ?? (role === 'hr' ? current.zones : []);
  return { role, zones, active: change.active ?? current.active };
}

export function userChangeProblems(
  current: CurrentUserState,
  change: UserChange,
  ctx: { knownZones: ReadonlySet<string>; otherActiveAdmins: number },
): Problem[] {
  const problems: Problem[] = [];
  const next = applyChange(current, change);
  if (change.displayName !== undefined) problems.push(...displayNameProblems(change.displayName));
  if (change.role !== undefined) problems.push(...roleProblems(change.role));
  if (change.role !== undefined || change.zones !== undefined) problems.push(...zoneProblems(next.role, next.zones, ctx.knownZones));
  const staysActiveAdmin = next.role === 'admin' && next.active;
  if (current.role === 'admin' && current.active && !staysActiveAdmin && ctx.otherActiveAdmins === 0) {
    problems.push(
      requestProblem(
        change.active === false ? 'active' : 'role',
        'last_admin',
        'This is the last active administrator: make another account an administrator first, or nobody could manage accounts.',
      ),
    );
  }
  return problems;
}
