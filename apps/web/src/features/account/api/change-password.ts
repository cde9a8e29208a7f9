import type { ChangePasswordRequest } from '@equity/shared';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** Changes the signed-in user's own password; the API ends every other session of the account. */
export const changePassword = (body: ChangePasswordRequest): Promise<void> => api.post<void>('/v1/auth/password', body);

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
