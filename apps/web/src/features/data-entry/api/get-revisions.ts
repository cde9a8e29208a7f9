import type { RevisionDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** All revisions of a quarter's return, newest first (empty when there is no return yet). */
export async function getRevisions(zone: string, period: string, { signal }: { signal?: AbortSignal } = {}): Promise<RevisionDto[]> {
  try {
    return await api.get<RevisionDto[]>(`/v1/zones/${seg(zone)}/returns/${seg(period)}/revisions`, { signal });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return [];
    throw error;
  }
}

export const getRevisionsQueryOptions = (zone: string, period: string) =>
  queryOptions({ queryKey: queryKeys.revisions(zone, period), queryFn: ({ signal }) => getRevisions(zone, period, { signal }) });

export const useRevisions = (zone: string, period: string) => useQuery(getRevisionsQueryOptions(zone, period));
