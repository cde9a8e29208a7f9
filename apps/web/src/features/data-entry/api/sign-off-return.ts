import type { ReturnSummaryDto } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Marks the quarter as final (HR of the zone or admin). */
export const signOffReturn = ({ zone, period }: { zone: string; period: string }) =>
  api.post<ReturnSummaryDto>(`/v1/zones/${seg(zone)}/returns/${seg(period)}/sign-off`);

export function useSignOffReturn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOffReturn,
    onSuccess: (_summary, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }),
  });
}
