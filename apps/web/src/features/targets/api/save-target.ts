import type { TargetInput, TargetProgressDto } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, request, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Creates a target (no id) or replaces one (administrators and management). */
export const saveTarget = ({ id, input }: { id: number | null; input: TargetInput }): Promise<TargetProgressDto> =>
  id === null ? api.post<TargetProgressDto>('/v1/targets', input) : api.put<TargetProgressDto>(`/v1/targets/${seg(id)}`, input);

export const deleteTarget = (id: number): Promise<void> => request<void>(`/v1/targets/${seg(id)}`, { method: 'DELETE' });

/** After a change every page showing targets (list, overview, zone, report) reads them again. */
export function useSaveTarget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveTarget,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.targets }),
  });
}

export function useDeleteTarget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTarget,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.targets }),
  });
}
