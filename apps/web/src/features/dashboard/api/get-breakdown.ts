import type { BreakdownDto, MeasureCode } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface BreakdownParams {
  zone: string;
  period: string;
  measure: MeasureCode;
  dimension: string;
}

/** Cross-tab staff category × one dimension, with totals; suppressed counts are `{suppressed:true}`. */
export const getBreakdown = ({ zone, period, measure, dimension }: BreakdownParams, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams({ measure, dimension });
  return api.get<BreakdownDto>(`/v1/zones/${seg(zone)}/returns/${seg(period)}/breakdown?${query.toString()}`, { signal });
};

export const getBreakdownQueryOptions = (params: BreakdownParams) =>
  queryOptions({
    queryKey: queryKeys.breakdown(params.zone, params.period, params.measure, params.dimension),
    queryFn: ({ signal }) => getBreakdown(params, { signal }),
  });

export const useBreakdown = (params: BreakdownParams, { enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...getBreakdownQueryOptions(params), enabled });
