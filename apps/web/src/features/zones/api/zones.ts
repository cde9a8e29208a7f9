import type { CreateZoneRequest, MergeZoneRequest, UpdateZoneRequest, ZoneDto, ZoneImportResult } from '@equity/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg, uploadWithProgress } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** One zone as administrators see it (with its communes and how many returns it has). */
export const getZone = (code: string, { signal }: { signal?: AbortSignal } = {}): Promise<ZoneDto> => api.get<ZoneDto>(`/v1/zones/${seg(code)}`, { signal });

export const getZoneQueryOptions = (code: string) =>
  queryOptions({ queryKey: [...queryKeys.zone(code), 'registry'] as const, queryFn: ({ signal }) => getZone(code, { signal }), staleTime: 10_000 });

export const useZone = (code: string) => useQuery(getZoneQueryOptions(code));

/** After any change every zone query is read again: the list (every page's zone picker) and the zone's own. */
function useZonesMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.zones }) });
}

export const useCreateZone = () => useZonesMutation((body: CreateZoneRequest) => api.post<ZoneDto>('/v1/zones', body));

/** Records a merger (POST …/merger); a 422 ApiError lists every problem. */
export const useMergeZone = () => useZonesMutation(({ code, body }: { code: string; body: MergeZoneRequest }) => api.post<ZoneDto>(`/v1/zones/${seg(code)}/merger`, body));

export const useUpdateZone = () => useZonesMutation(({ code, change }: { code: string; change: UpdateZoneRequest }) => api.put<ZoneDto>(`/v1/zones/${seg(code)}`, change));

export interface FileParams {
  file: File;
  dryRun: boolean;
  onProgress?: (sent: number) => void;
}

/** Checks (dryRun) or loads a zones file; a 422 ApiError lists every problem by row and column. */
export const loadZoneFile = ({ file, dryRun, onProgress }: FileParams) => {
  const data = new FormData();
  data.append('file', file, file.name);
  return uploadWithProgress<ZoneImportResult>(`/v1/zones/import?dryRun=${dryRun}`, data, onProgress ?? (() => {}));
};

export function useLoadZoneFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: loadZoneFile,
    onSuccess: (_result, { dryRun }) => (dryRun ? undefined : queryClient.invalidateQueries({ queryKey: queryKeys.zones })),
  });
}
