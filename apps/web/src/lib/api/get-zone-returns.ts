import type { ReturnSummaryDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../api-client';
import { queryKeys } from '../query-keys';

/** One summary per quarter of the zone that has data, newest first. */
export const getZoneReturns = (zone: string, { signal }: { signal?: AbortSignal } = {}): Promise<ReturnSummaryDto[]> =>
  api.get<ReturnSummaryDto[]>(`/v1/zones/${seg(zone)}/returns`, { signal });

export const getZoneReturnsQueryOptions = (zone: string) =>
  queryOptions({ queryKey: queryKeys.returns(zone), queryFn: ({ signal }) => getZoneReturns(zone, { signal }) });

export const useZoneReturns = (zone: string | undefined) =>
  useQuery({ ...getZoneReturnsQueryOptions(zone ?? ''), enabled: Boolean(zone) });
