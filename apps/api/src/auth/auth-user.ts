import type { Role, UserDto } from '@equity/shared';

/** The caller of a request, resolved from its bearer token. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Codes of the zones an HR officer is scoped to. */
  zones: string[];
}

export function toUserDto(user: AuthUser): UserDto {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, zones: user.zones };
}
