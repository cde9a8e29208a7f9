import type { ManagedUserDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api-client';
import { queryKeys } from '../query-keys';

/** Every account (administrators only): the users console lists them, the audit log offers their names. */
export const getUsers = ({ signal }: { signal?: AbortSignal } = {}): Promise<ManagedUserDto[]> => api.get<ManagedUserDto[]>('/v1/users', { signal });

export const getUsersQueryOptions = () => queryOptions({ queryKey: queryKeys.users, queryFn: ({ signal }) => getUsers({ signal }), staleTime: 30_000 });

export const useUsers = (enabled = true) => useQuery({ ...getUsersQueryOptions(), enabled });
