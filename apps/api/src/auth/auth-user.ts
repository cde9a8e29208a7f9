import type { Caller, UserDto } from '@equity/shared';

/** The caller of a request, resolved from its bearer token. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Caller;
  /** Codes of the zones an HR officer is scoped to. */
  zones: string[];
}

export function toUserDto(user: AuthUser): UserDto {
  if (user.role === 'public') throw new Error('the public caller has no account');
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, zones: user.zones };
}

/** The caller without a login, on endpoints marked @PublicRead() when PUBLIC_ACCESS is on. */
export const PUBLIC_CALLER: AuthUser = Object.freeze({ id: 0, username: 'public', displayName: 'Public', role: 'public', zones: [] as string[] });
