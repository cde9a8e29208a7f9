import type { LoginRequest, LoginResponse } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setToken } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Exchanges a user name and password for a bearer token. 401 means bad credentials. */
export const login = (body: LoginRequest): Promise<LoginResponse> =>
  api.post<LoginResponse>('/v1/auth/login', body, { skipAuthRedirect: true });

export function useLogin({ onSuccess }: { onSuccess?: (response: LoginResponse) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => {
      queryClient.clear();
      setToken(response.token);
      queryClient.setQueryData(queryKeys.me, response.user);
      onSuccess?.(response);
    },
  });
}
