import { useParams } from './use-param';

/**
 * The zone and quarter a page shows, kept in the address (`?zone=…&period=…`) so a view can be
 * bookmarked and shared, and survives a reload.
 */
export function useZonePeriod() {
  const [params, update] = useParams();
  const zone = params.get('zone') ?? undefined;
  const period = params.get('period') ?? undefined;
  return { zone, period, update };
}
