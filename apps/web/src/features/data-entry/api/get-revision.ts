import type { ReturnDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** One (possibly older) revision of a return, with its cells. Revisions never change. */
export const getRevision = (zone: string, period: string, number: number, { signal }: { signal?: AbortSignal } = {}) =>
  api.get<ReturnDto>(`/v1/zones/${seg(zone)}/returns/${seg(period)}/revisions/${seg(number)}`, { signal });

export const getRevisionQueryOptions = (zone: string, period: string, number: number) =>
  queryOptions({
    queryKey: queryKeys.revision(zone, period, number),
    queryFn: ({ signal }) => getRevision(zone, period, number, { signal }),
    staleTime: Infinity,
  });

export const useRevision = (zone: string, period: string, number: number | null) =>
  useQuery({ ...getRevisionQueryOptions(zone, period, number ?? 0), enabled: number !== null });
