import type { TargetMetric, TargetProgressDto, TargetStatus } from '@equity/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api-client';
import { queryKeys } from '../query-keys';

/** Every target the user may see, with its progress quarter by quarter. */
export const getTargets = ({ signal }: { signal?: AbortSignal } = {}): Promise<TargetProgressDto[]> =>
  api.get<TargetProgressDto[]>('/v1/targets', { signal });

export const getTargetsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.targets, queryFn: ({ signal }) => getTargets({ signal }), staleTime: 60_000 });

export const useTargets = () => useQuery(getTargetsQueryOptions());

/** "origin:migration_background" of a target's group. */
export const targetGroupKey = (target: Pick<TargetProgressDto, 'group'>): string => `${target.group.dimension}:${target.group.code}`;

/** The target of a zone, group and metric (for all staff categories first), if there is one. */
export function findTarget(targets: TargetProgressDto[] | undefined, zone: string, group: string, metric: TargetMetric): TargetProgressDto | undefined {
  const matching = (targets ?? []).filter((t) => t.zone === zone && t.metric === metric && targetGroupKey(t) === group);
  return matching.find((t) => t.categories.length === 0) ?? matching[0];
}

/** A target's status in one quarter: `no_data` for a quarter it has no point for. */
export function statusIn(target: TargetProgressDto, period: string): TargetStatus {
  return target.points.find((p) => p.period === period)?.status ?? 'no_data';
}
