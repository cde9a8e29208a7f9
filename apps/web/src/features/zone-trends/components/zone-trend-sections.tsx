/**
 * The zone page's trends and glass ceiling as self-contained sections for other pages (the
 * quarterly report): each loads its own data for one zone, quarter and group and handles its
 * loading, error and empty states.
 */
import { addQuarters, type ClassificationProfile, type ZoneDto } from '@equity/shared';
import { useMemo } from 'react';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { DisclosureThreshold } from '../../../components/withheld';
import { findTarget, useTargets } from '../../../lib/api/get-targets';
import { fileSafe } from '../../../lib/csv';
import { label, t } from '../../../lib/i18n';
import { useGlassCeiling } from '../api/get-glass-ceiling';
import { useSeries } from '../api/get-series';
import { trends } from '../utils/series';
import { GlassCeilingTable } from './glass-ceiling-table';
import { TrendPanel } from './trend-panel';

/** The four trends over the twelve quarters ending with `period`, the representation target's trajectory drawn. */
export function ZoneTrends({ zone, period, group }: { zone: ZoneDto; period: string; group: string }) {
  const series = useSeries({ zone: zone.code, group, from: addQuarters(period, -11), to: period });
  const targets = useTargets();
  const target = findTarget(targets.data, zone.code, group, 'representation');
  const list = useMemo(() => (series.data ? trends(series.data.points, target) : []), [series.data, target]);
  if (series.isError) return <ErrorState error={series.error} onRetry={() => void series.refetch()} />;
  if (targets.isError) return <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />;
  if (!series.data || targets.isPending) return <Loading />;
  return (
    <DisclosureThreshold k={series.data.threshold}>
      <div className="trend-grid">
        {list.map((trend) => (
          <TrendPanel key={trend.id} trend={trend} fileName={`equity-${zone.code}-${trend.id}-${fileSafe(group)}-${period}.csv`} />
        ))}
      </div>
    </DisclosureThreshold>
  );
}

/** Representation of the group among declared staff, category by category, in `period`. */
export function ZoneGlassCeiling({ zone, profile, period, group }: { zone: ZoneDto; profile: ClassificationProfile; period: string; group: string }) {
  const glass = useGlassCeiling({ zone: zone.code, period, group });
  if (glass.isError) return <ErrorState error={glass.error} onRetry={() => void glass.refetch()} />;
  if (!glass.data) return <Loading />;
  return (
    <DisclosureThreshold k={glass.data.threshold}>
      <GlassCeilingTable
        data={glass.data}
        profile={profile}
        caption={t('zone.glass.caption', { group: label(glass.data.group.label), period })}
        fileName={`equity-${zone.code}-glass-ceiling-${fileSafe(group)}-${period}.csv`}
      />
      <p className="legend small">{glass.data.threshold > 1 ? t('suppressed.legend', { k: glass.data.threshold }) : t('suppressed.legendFull')}</p>
    </DisclosureThreshold>
  );
}
