import type { Role, UserDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, clearToken, getToken, isApiError } from '../api-client';
import { queryKeys } from '../query-keys';

/** The signed-in user, or null when there is no valid session (no token, or the token was refused). */
export async function getMe(): Promise<UserDto | null> {
  if (!getToken()) return null;
  try {
    return await api.get<UserDto>('/v1/auth/me', { skipAuthRedirect: true });
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      clearToken();
      return null;
    }
    throw error;
  }
}

export const getMeQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 5 * 60_000 });

export const useMe = () => useQuery(getMeQueryOptions());

export const canEnterData = (user: Pick<UserDto, 'role'> | null | undefined): boolean =>
  user?.role === 'hr' || user?.role === 'admin';

export const hasRole = (user: Pick<UserDto, 'role'> | null | undefined, ...roles: Role[]): boolean =>
  user !== null && user !== undefined && roles.includes(user.role);

/** Accounts, the audit log and the link to the API documentation are for administrators. */
export const isAdmin = (user: Pick<UserDto, 'role'> | null | undefined): boolean => user?.role === 'admin';

/** Targets are set by administrators and management (the API refuses anyone else). */
export const canManageTargets = (user: Pick<UserDto, 'role'> | null | undefined): boolean =>
  user?.role === 'admin' || user?.role === 'management';
