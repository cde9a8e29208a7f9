import { getMeQueryOptions } from '../lib/api/get-me';
import { getProfileQueryOptions } from '../lib/api/get-profile';
import { getZoneReturnsQueryOptions } from '../lib/api/get-zone-returns';
import { getZonesQueryOptions } from '../lib/api/get-zones';
import { getToken } from '../lib/api-client';
import { queryClient } from '../lib/query-client';

/**
 * The landing dashboard's first chart, without a waterfall: a signed-in visit starts at once, in
 * parallel, the session check, the zone list, the dashboard route's code and the chart's code
 * (recharts), then the chosen zone's returns and profile as soon as the zone list is in — instead
 * of each waiting for the component that needs it to render. The queries are the components' own
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
      void queryClient.prefetchQuery(getZoneReturnsQueryOptions(zone.code));
      void queryClient.prefetchQuery(getProfileQueryOptions(zone.profile));
    })
    .catch(() => undefined);
}
