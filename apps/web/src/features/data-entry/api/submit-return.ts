import type { SubmitResult, SubmitReturnRequest } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface SubmitReturnParams {
  zone: string;
  period: string;
  body: SubmitReturnRequest;
}

/**
 * Stores a new revision (201). A 422 rejects with an ApiError whose `validation` holds every
 * problem; 409 when the quarter is signed off.
 */
export const submitReturn = ({ zone, period, body }: SubmitReturnParams) =>
  api.put<SubmitResult>(`/v1/zones/${seg(zone)}/returns/${seg(period)}`, body);

export function useSubmitReturn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitReturn,
    onSuccess: (_result, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }),
  });
}
