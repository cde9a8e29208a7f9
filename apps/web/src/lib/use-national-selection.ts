import { defaultPeriod, type ZoneDto } from '@equity/shared';
import type { ReactNode } from 'react';
import { useProfile } from './api/get-profile';
import { useZoneReturns } from './api/get-zone-returns';
import { useZones } from './api/get-zones';
import { DEFAULT_GROUP, type GroupOption } from './group-options';
import { groupOptions } from './profile-utils';
import { useParam } from './use-param';

/**
 * What the pages comparing zones (overview, compare) choose from and have chosen, kept in the
 * address: the zones, the classification profiles of the zones (a deployment may mix them; zones
 * are compared within one), the quarters with data (of the profile's first zone), the groups of
 * the profile, the chosen profile, quarter and group. `problem` says why nothing can be shown yet (an error or an empty list),
 * given the page's own way of showing each.
 */
export function useNationalSelection<T extends ReactNode>(show: { error: (error: Error, retry: () => void) => T; empty: (what: 'zones' | 'returns') => T }) {
  const [params, update] = useParam();
  const zones = useZones();
  const profiles = [...new Set((zones.data ?? []).map((z) => z.profile))].sort();
  const profileCode = profiles.find((p) => p === params.get('profile')) ?? zones.data?.[0]?.profile;
  const first: ZoneDto | undefined = zones.data?.find((z) => z.profile === profileCode);
  const returns = useZoneReturns(first?.code);
  const profile = useProfile(first?.profile);

  const periods = (returns.data ?? []).map((r) => r.period);
  const period = periods.find((p) => p === params.get('period')) ?? defaultPeriod(periods);
  const options: GroupOption[] = profile.data ? groupOptions(profile.data) : [];
  const group = options.find((o) => o.code === params.get('group')) ?? options.find((o) => o.code === DEFAULT_GROUP) ?? options[0];

  let problem: T | null = null;
  const failed = [zones, returns, profile].find((q) => q.isError);
  if (failed?.error) problem = show.error(failed.error, () => void failed.refetch());
  else if (zones.data?.length === 0) problem = show.empty('zones');
  else if (returns.data?.length === 0) problem = show.empty('returns');

  return { params, zones: zones.data ?? [], profiles, profile: first?.profile, first, periods, period, options, group, update, problem };
}
