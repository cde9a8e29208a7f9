import type { ReturnDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The current revision of a quarter's return, or null when nothing was entered yet (404). */
export async function getReturn(zone: string, period: string, { signal }: { signal?: AbortSignal } = {}): Promise<ReturnDto | null> {
  try {
    return await api.get<ReturnDto>(`/v1/zones/${seg(zone)}/returns/${seg(period)}`, { signal });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const getReturnQueryOptions = (zone: string, period: string) =>
  queryOptions({ queryKey: queryKeys.returnOf(zone, period), queryFn: ({ signal }) => getReturn(zone, period, { signal }) });

export const useReturn = (zone: string | undefined, period: string | undefined) =>
  useQuery({ ...getReturnQueryOptions(zone ?? '', period ?? ''), enabled: Boolean(zone && period) });
