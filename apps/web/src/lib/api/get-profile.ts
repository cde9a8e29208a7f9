import { DEFAULT_PROFILE_CODE, type ClassificationProfile } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../api-client';
import { queryKeys } from '../query-keys';

/** A classification profile: categories, dimensions and their labels. */
export const getProfile = (code: string, { signal }: { signal?: AbortSignal } = {}): Promise<ClassificationProfile> =>
  api.get<ClassificationProfile>(`/v1/profiles/${seg(code)}`, { signal });

export const getProfileQueryOptions = (code: string | undefined) =>
  queryOptions({
    queryKey: queryKeys.profile(code ?? DEFAULT_PROFILE_CODE),
    queryFn: ({ signal }) => getProfile(code ?? DEFAULT_PROFILE_CODE, { signal }),
    staleTime: Infinity,
  });

/** The profile of a zone (pass `zone.profile`); waits while the zone is not known yet. */
export const useProfile = (code: string | undefined) => useQuery({ ...getProfileQueryOptions(code), enabled: code !== undefined });
