import type { ZoneDto } from '@equity/shared';
import type { ReactNode } from 'react';
import { useZones } from '../lib/api/get-zones';
import { t } from '../lib/i18n';
import { useZonePeriod } from '../lib/use-zone-period';
import { EmptyState } from './ui/empty-state';
import { ErrorState } from './ui/error-state';
import { Loading } from './ui/loading';

/**
 * A page about one zone: its title, then the zone chosen in the address (or the first the caller
 * may see), with loading, error and "no zones" states handled once for every such page.
 */
export function ZonePage({ title, intro, children }: { title: string; intro: string; children: (zone: ZoneDto, zones: ZoneDto[]) => ReactNode }) {
  const { zone: zoneCode } = useZonePeriod();
  const zonesQuery = useZones();
  const zones = zonesQuery.data;
  const zone = zones?.find((z) => z.code === zoneCode) ?? zones?.[0];

  return (
    <div className="page">
      <header className="page__header">
        <h1>{title}</h1>
        <p className="page__intro">{intro}</p>
      </header>
      {zonesQuery.isPending ? (
        <Loading />
      ) : zonesQuery.isError ? (
        <ErrorState error={zonesQuery.error} onRetry={() => void zonesQuery.refetch()} />
      ) : zonesQuery.data.length === 0 ? (
        <EmptyState>{t('picker.noZones')}</EmptyState>
      ) : zone ? (
        children(zone, zonesQuery.data)
      ) : (
        <Loading />
      )}
    </div>
  );
}
