import type { ZoneDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api-client';
import { queryKeys } from '../query-keys';

/** Zones the user may see (an HR officer: only their own). */
export const getZones = ({ signal }: { signal?: AbortSignal } = {}): Promise<ZoneDto[]> =>
  api.get<ZoneDto[]>('/v1/zones', { signal });

export const getZonesQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.zones, queryFn: ({ signal }) => getZones({ signal }), staleTime: 10 * 60_000 });

export const useZones = () => useQuery(getZonesQueryOptions());
