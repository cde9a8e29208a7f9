import type { AvailabilityBenchmarkRow, AvailabilityDto, AvailabilityImportResult } from '@equity/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, seg, uploadWithProgress } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { FileParams } from './zones';

const benchmarksKey = (zone: string) => [...queryKeys.zone(zone), 'availability', 'all'] as const;

/** Every availability benchmark of a zone, every year. */
export const getBenchmarks = (zone: string, { signal }: { signal?: AbortSignal } = {}) =>
  api.get<AvailabilityBenchmarkRow[]>(`/v1/zones/${seg(zone)}/availability/all`, { signal });

export const useBenchmarks = (zone: string) =>
  useQuery(queryOptions({ queryKey: benchmarksKey(zone), queryFn: ({ signal }) => getBenchmarks(zone, { signal }), staleTime: 10_000 }));

/** After a change, everything about the zone is read again (its figures use the benchmarks). */
function useBenchmarkMutation<I extends { zone: string }, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: (_o, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }) });
}

/** Sets one benchmark (zone × group × year): a new one, or a new share and source for it. */
export const useSetBenchmark = () =>
  useBenchmarkMutation(({ zone, benchmark }: { zone: string; benchmark: AvailabilityDto }) => api.put<AvailabilityDto[]>(`/v1/zones/${seg(zone)}/availability`, benchmark));

export const useDeleteBenchmark = () =>
  useBenchmarkMutation(({ zone, benchmark }: { zone: string; benchmark: Pick<AvailabilityDto, 'dimension' | 'group' | 'year'> }) =>
    request<void>(`/v1/zones/${seg(zone)}/availability/${seg(benchmark.dimension)}/${seg(benchmark.group)}/${seg(benchmark.year)}`, { method: 'DELETE' }),
  );

/** Checks (dryRun) or loads a benchmarks file; a 422 ApiError lists every problem by row and column. */
export const loadBenchmarkFile = ({ file, dryRun, onProgress }: FileParams) => {
  const data = new FormData();
  data.append('file', file, file.name);
  return uploadWithProgress<AvailabilityImportResult>(`/v1/availability/import?dryRun=${dryRun}`, data, onProgress ?? (() => {}));
};

/** A file may hold any zone's benchmarks: after loading, every zone's data is read again. */
export function useLoadBenchmarkFile() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: loadBenchmarkFile, onSuccess: (_r, { dryRun }) => (dryRun ? undefined : queryClient.invalidateQueries({ queryKey: queryKeys.zones })) });
}
