import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, clearToken } from '../../../lib/api-client';

/** Ends the session on the server. The token is forgotten locally whatever the answer. */
export const logout = (): Promise<void> => api.post<void>('/v1/auth/logout', undefined, { skipAuthRedirect: true });

export function useLogout({ onSettled }: { onSettled?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      clearToken();
      queryClient.clear();
      onSettled?.();
    },
  });
}
