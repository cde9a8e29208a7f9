import type { CreateSurveyCampaignRequest, RepresentationComparisonDto, SurveyCampaignDto, SurveyCodesDto, SurveyResultsDto } from '@equity/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';

const keys = {
  campaigns: (zone: string) => ['zones', zone, 'surveys'] as const,
  results: (zone: string, id: number) => ['zones', zone, 'surveys', id, 'results'] as const,
  comparison: (zone: string, period: string, dimension: string) => ['zones', zone, 'representation', period, dimension] as const,
};

/** The zone's campaigns, newest first (no response count while one runs). */
export const getCampaigns = (zone: string, signal?: AbortSignal) => api.get<SurveyCampaignDto[]>(`/v1/zones/${seg(zone)}/surveys`, { signal });
export const useCampaigns = (zone: string) => useQuery({ queryKey: keys.campaigns(zone), queryFn: ({ signal }) => getCampaigns(zone, signal) });

/** Counts of a closed campaign. */
export const getResults = (zone: string, id: number, signal?: AbortSignal) => api.get<SurveyResultsDto>(`/v1/zones/${seg(zone)}/surveys/${seg(id)}/results`, { signal });
export const useResults = (zone: string, id: number | null) =>
  useQuery({ queryKey: keys.results(zone, id ?? 0), queryFn: ({ signal }) => getResults(zone, id!, signal), enabled: id !== null });

/** Survey-based representation beside the HR return's for a quarter. */
export const getComparison = (zone: string, period: string, dimension: string, signal?: AbortSignal) =>
  api.get<RepresentationComparisonDto>(`/v1/zones/${seg(zone)}/representation/${seg(period)}?dimension=${encodeURIComponent(dimension)}`, { signal });
export const useComparison = (zone: string, period: string | null, dimension = 'origin') =>
  useQuery({ queryKey: keys.comparison(zone, period ?? '', dimension), queryFn: ({ signal }) => getComparison(zone, period!, dimension, signal), enabled: period !== null });

/** Opens a campaign; the response holds the codes, once. */
export function useCreateCampaign(zone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSurveyCampaignRequest) => api.post<SurveyCodesDto>(`/v1/zones/${seg(zone)}/surveys`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.campaigns(zone) }),
  });
}

export function useAddCodes(zone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, count }: { id: number; count: number }) => api.post<SurveyCodesDto>(`/v1/zones/${seg(zone)}/surveys/${seg(id)}/codes`, { count }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.campaigns(zone) }),
  });
}

export function useCloseCampaign(zone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<SurveyCampaignDto>(`/v1/zones/${seg(zone)}/surveys/${seg(id)}/close`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['zones', zone] }),
  });
}
