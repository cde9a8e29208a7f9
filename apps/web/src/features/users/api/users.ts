import type { CreateUserRequest, ManagedUserDto, RevokeSessionsResponse, UnlockResponse, UpdateUserRequest } from '@equity/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const getUser = (username: string, { signal }: { signal?: AbortSignal } = {}): Promise<ManagedUserDto> =>
  api.get<ManagedUserDto>(`/v1/users/${seg(username)}`, { signal });

export const getUserQueryOptions = (username: string) =>
  queryOptions({ queryKey: queryKeys.user(username), queryFn: ({ signal }) => getUser(username, { signal }), staleTime: 10_000 });

export const useUser = (username: string) => useQuery(getUserQueryOptions(username));

/** After any change the list and every account are read again (open sessions, locks and status move together). */
function useUsersMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }) });
}

export const useCreateUser = () => useUsersMutation((body: CreateUserRequest) => api.post<ManagedUserDto>('/v1/users', body));

export const useUpdateUser = () =>
  useUsersMutation(({ username, change }: { username: string; change: UpdateUserRequest }) => api.put<ManagedUserDto>(`/v1/users/${seg(username)}`, change));

export const useSetPassword = () =>
  useUsersMutation(({ username, password }: { username: string; password: string }) => api.post<void>(`/v1/users/${seg(username)}/password`, { password }));

export const useRevokeSessions = () => useUsersMutation((username: string) => api.post<RevokeSessionsResponse>(`/v1/users/${seg(username)}/revoke-sessions`));

export const useUnlock = () => useUsersMutation((username: string) => api.post<UnlockResponse>(`/v1/users/${seg(username)}/unlock`));
