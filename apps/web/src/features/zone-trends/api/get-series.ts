import type { SeriesDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface SeriesParams {
  zone: string;
  group: string;
  from: string;
  to: string;
}

/** The zone's metrics quarter by quarter (representation, hiring, promotion, retention). */
export const getSeries = ({ zone, group, from, to }: SeriesParams, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams({ group, from, to });
  return api.get<SeriesDto>(`/v1/zones/${seg(zone)}/metrics/series?${query.toString()}`, { signal });
};

export const useSeries = (params: SeriesParams, { enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({
    ...queryOptions({
      queryKey: queryKeys.series(params.zone, params.group, params.from, params.to),
      queryFn: ({ signal }) => getSeries(params, { signal }),
    }),
    enabled,
  });
