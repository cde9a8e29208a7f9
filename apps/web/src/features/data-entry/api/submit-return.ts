import type { SubmitResult, SubmitReturnRequest } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface SubmitReturnParams {
  zone: string;
  period: string;
  body: SubmitReturnRequest;
  /** The revision the officer started from (null: none yet); the save is refused (412) if another became current. */
  base: number | null;
}

/**
 * The precondition of a save: If-Match with the revision the form or file was based on, or
 * If-None-Match: * for a first entry. Another revision saved meanwhile makes the API answer 412
 * (ApiError.stale) instead of silently replacing it.
 */
export const preconditionHeaders = (base: number | null): Record<string, string> => (base === null ? { 'If-None-Match': '*' } : { 'If-Match': `"${base}"` });

/**
 * Stores a new revision (201). A 422 rejects with an ApiError whose `validation` holds every
 * problem; 409 when the quarter is signed off; 412 (`stale`) when another revision was saved since `base`.
 */
export const submitReturn = ({ zone, period, body, base }: SubmitReturnParams) =>
  api.put<SubmitResult>(`/v1/zones/${seg(zone)}/returns/${seg(period)}`, body, { headers: preconditionHeaders(base) });

export function useSubmitReturn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitReturn,
    onSuccess: (_result, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }),
  });
}
