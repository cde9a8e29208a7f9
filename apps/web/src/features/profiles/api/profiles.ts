import type { ProfileSummaryDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The deployment's classification profiles, each with how many zones use it (read afresh on every visit: zones change). */
export const getProfiles = ({ signal }: { signal?: AbortSignal } = {}): Promise<ProfileSummaryDto[]> => api.get<ProfileSummaryDto[]>('/v1/profiles', { signal });

export const getProfilesQueryOptions = () => queryOptions({ queryKey: queryKeys.profiles, queryFn: ({ signal }) => getProfiles({ signal }) });

export const useProfiles = () => useQuery(getProfilesQueryOptions());
