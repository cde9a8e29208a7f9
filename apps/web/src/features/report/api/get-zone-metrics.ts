import type { ZoneMetricsDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface ZoneMetricsParams {
  zone: string;
  period: string;
  group: string;
}

/** Every metric of one group in one zone and quarter, each rate with its base and interval. */
export const getZoneMetrics = ({ zone, period, group }: ZoneMetricsParams, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams({ period, group });
  return api.get<ZoneMetricsDto>(`/v1/zones/${seg(zone)}/metrics?${query.toString()}`, { signal });
};

export const useZoneMetrics = (params: ZoneMetricsParams) =>
  useQuery(
    queryOptions({
      queryKey: queryKeys.metrics(params.zone, params.period, params.group),
      queryFn: ({ signal }) => getZoneMetrics(params, { signal }),
    }),
  );
