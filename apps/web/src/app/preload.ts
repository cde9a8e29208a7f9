import { requiredDimensions } from '@equity/shared';
import { getBreakdownQueryOptions } from '../features/dashboard/api/get-breakdown';
import { getMeQueryOptions } from '../lib/api/get-me';
import { getProfileQueryOptions } from '../lib/api/get-profile';
import { getZoneReturnsQueryOptions } from '../lib/api/get-zone-returns';
import { getZonesQueryOptions } from '../lib/api/get-zones';
import { getToken } from '../lib/api-client';
import { queryClient } from '../lib/query-client';

/**
 * The landing dashboard's first chart, without a waterfall: a signed-in visit starts at once, in
 * parallel, the session check, the zone list, the dashboard route's code and the chart's code
 * (recharts), then the chosen zone's returns and profile as soon as the zone list is in, then the
 * shown quarter's breakdowns — instead of each waiting for the component that needs it to render. The queries are the components' own
 * (same keys), so they find them in the cache.
 */
export function preloadLanding(): void {
  if (!getToken()) return;
  void queryClient.prefetchQuery(getMeQueryOptions());
  if (window.location.pathname !== '/') return;
  void import('./routes/dashboard');
  void import('../features/dashboard/components/breakdown-chart');
  void queryClient
    .fetchQuery(getZonesQueryOptions())
    .then((zones) => {
      const code = new URLSearchParams(window.location.search).get('zone');
      const zone = zones.find((z) => z.code === code) ?? zones[0];
      if (!zone) return;
      return Promise.all([queryClient.fetchQuery(getZoneReturnsQueryOptions(zone.code)), queryClient.fetchQuery(getProfileQueryOptions(zone.profile))]).then(([returns, profile]) => {
        // The quarter the dashboard shows (the address's, else the newest) and its breakdowns.
        const asked = new URLSearchParams(window.location.search).get('period');
        const period = (returns.find((r) => r.period === asked) ?? returns[0])?.period;
        if (!period) return;
        for (const d of requiredDimensions(profile)) void queryClient.prefetchQuery(getBreakdownQueryOptions({ zone: zone.code, period, measure: 'headcount', dimension: d.code }));
      });
    })
    .catch(() => undefined);
}
