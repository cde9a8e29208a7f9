import type { ProfileSummaryDto } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api-client';
import { queryKeys } from '../query-keys';

/** The deployment's classification profiles, each with how many zones use it (read afresh on every visit: zones change). */
export const getProfiles = ({ signal }: { signal?: AbortSignal } = {}): Promise<ProfileSummaryDto[]> => api.get<ProfileSummaryDto[]>('/v1/profiles', { signal });

export const getProfilesQueryOptions = () => queryOptions({ queryKey: queryKeys.profiles, queryFn: ({ signal }) => getProfiles({ signal }) });

/** The stored profiles (built-in and uploaded): the list page, and the profiles a zone can be registered with. */
export const useProfiles = () => useQuery(getProfilesQueryOptions());
