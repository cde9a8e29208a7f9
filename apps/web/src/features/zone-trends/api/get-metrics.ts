import type { ZoneMetricsDto } from '@equity/shared';
import { useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';

export interface MetricsParams {
  zone: string;
  period: string;
  group: string;
}

/** Every figure of one zone, quarter and group (representation, hiring, promotion, separations, funnel, availability). */
export const getMetrics = ({ zone, period, group }: MetricsParams, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams({ period, group });
  return api.get<ZoneMetricsDto>(`/v1/zones/${seg(zone)}/metrics?${query.toString()}`, { signal });
};

export const useMetrics = (params: MetricsParams) =>
  useQuery({ queryKey: ['zones', params.zone, 'metrics', params.period, params.group], queryFn: ({ signal }) => getMetrics(params, { signal }) });
