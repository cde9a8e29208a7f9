/**
 * Query keys of every endpoint, in one place so invalidation after a write reaches all of them.
 * Everything about one zone starts with ['zones', zone], so invalidating that prefix refreshes the
 * zone's returns, revisions and breakdowns at once.
 */
export const queryKeys = {
  me: ['auth', 'me'] as const,
  zones: ['zones'] as const,
  profiles: ['profile-list'] as const,
  profile: (code: string) => ['profiles', code] as const,
  zone: (zone: string) => ['zones', zone] as const,
  returns: (zone: string) => ['zones', zone, 'returns'] as const,
  returnOf: (zone: string, period: string) => ['zones', zone, 'returns', period] as const,
  revisions: (zone: string, period: string) => ['zones', zone, 'returns', period, 'revisions'] as const,
  revision: (zone: string, period: string, number: number) =>
    ['zones', zone, 'returns', period, 'revisions', number] as const,
  targets: ['targets'] as const,
  users: ['users'] as const,
  user: (username: string) => ['users', username] as const,
  audit: (query: string) => ['audit', query] as const,
  auditEvent: (id: number) => ['audit', 'event', id] as const,
  national: (period: string, metric: string, group: string, profile: string) => ['national', period, metric, group, profile] as const,
  series: (zone: string, group: string, from: string, to: string) => ['zones', zone, 'series', group, from, to] as const,
  metrics: (zone: string, period: string, group: string) => ['zones', zone, 'metrics', period, group] as const,
  glassCeiling: (zone: string, period: string, group: string) => ['zones', zone, 'glass-ceiling', period, group] as const,
  breakdown: (zone: string, period: string, measure: string, dimension: string) =>
    ['zones', zone, 'returns', period, 'breakdown', measure, dimension] as const,
};
