import type { ReturnSummaryDto } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Opens a signed-off quarter again for corrections (admin only); the reason is recorded. */
export const reopenReturn = ({ zone, period, reason }: { zone: string; period: string; reason: string }) =>
  api.post<ReturnSummaryDto>(`/v1/zones/${seg(zone)}/returns/${seg(period)}/reopen`, { reason });

export function useReopenReturn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reopenReturn,
    onSuccess: (_summary, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }),
  });
}
