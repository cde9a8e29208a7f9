import type { GlassCeilingDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface GlassCeilingParams {
  zone: string;
  period: string;
  group: string;
}

/** Representation of the group among declared staff in every staff category and category group. */
export const getGlassCeiling = ({ zone, period, group }: GlassCeilingParams, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams({ period, group });
  return api.get<GlassCeilingDto>(`/v1/zones/${seg(zone)}/glass-ceiling?${query.toString()}`, { signal });
};

export const useGlassCeiling = (params: GlassCeilingParams, { enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({
    ...queryOptions({
      queryKey: queryKeys.glassCeiling(params.zone, params.period, params.group),
      queryFn: ({ signal }) => getGlassCeiling(params, { signal }),
    }),
    enabled,
  });
