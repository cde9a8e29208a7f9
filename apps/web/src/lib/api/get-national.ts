import type { NationalDto, NationalMetric } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api-client';
import { queryKeys } from '../query-keys';

export interface NationalParams {
  period: string;
  metric: NationalMetric;
  group: string;
  /** The classification profile whose zones are compared (a deployment may mix profiles). */
  profile: string;
}

/** One metric of one group for every zone (without a successor), in one quarter. */
export const getNational = ({ period, metric, group, profile }: NationalParams, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams({ period, metric, group, profile });
  return api.get<NationalDto>(`/v1/national?${query.toString()}`, { signal });
};

export const getNationalQueryOptions = (params: NationalParams) =>
  queryOptions({
    queryKey: queryKeys.national(params.period, params.metric, params.group, params.profile),
    queryFn: ({ signal }) => getNational(params, { signal }),
    // A zone whose protections the server is still computing (after a start or a submission) is
    // "pending": ask again until every zone has its figures, without the user reloading.
    refetchInterval: (query) => (query.state.data?.rows.some((r) => r.pending) ? PENDING_POLL_MS : false),
  });

/** How often a national table with pending zones is asked again. */
export const PENDING_POLL_MS = 5000;

export const useNational = (params: NationalParams, { enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...getNationalQueryOptions(params), enabled });
