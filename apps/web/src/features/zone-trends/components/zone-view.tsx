import { addQuarters, type ZoneDto } from '@equity/shared';
import { useId, useMemo, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatValue } from '../../../components/rate-value';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { TargetBadge } from '../../../components/ui/target-badge';
import { useProfile } from '../../../lib/api/get-profile';
import { findTarget, useTargets } from '../../../lib/api/get-targets';
import { useZoneReturns } from '../../../lib/api/get-zone-returns';
import { useZones } from '../../../lib/api/get-zones';
import { fileSafe } from '../../../lib/csv';
import { label, t } from '../../../lib/i18n';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useGlassCeiling } from '../api/get-glass-ceiling';
import { useMetrics } from '../api/get-metrics';
import { FunnelAndAvailability } from './funnel-availability';
import { useSeries } from '../api/get-series';
import { trends } from '../utils/series';
import { GlassCeilingTable } from './glass-ceiling-table';
import { TrendPanel } from './trend-panel';

const DEFAULT_GROUP = 'origin:migration_background';

function ZoneFigures({ zone, latest, group }: { zone: ZoneDto; latest: string; group: string }) {
  const trendsId = useId();
  const glassId = useId();
  const from = addQuarters(latest, -11);
  const series = useSeries({ zone: zone.code, group, from, to: latest });
  const glass = useGlassCeiling({ zone: zone.code, period: latest, group });
  const metrics = useMetrics({ zone: zone.code, period: latest, group });
  const targets = useTargets();
  const profile = useProfile(zone.profile);
  const target = findTarget(targets.data, zone.code, group, 'representation');
  const list = useMemo(() => (series.data ? trends(series.data.points, target) : []), [series.data, target]);
  const groupLabel = series.data ? label(series.data.group.label) : '';

  let trendsBody: ReactNode;
  if (series.isError) trendsBody = <ErrorState error={series.error} onRetry={() => void series.refetch()} />;
  else if (targets.isError) trendsBody = <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />;
  else if (!series.data || targets.isPending) trendsBody = <Loading />;
  else {
    const current = target?.current;
    const note = target
      ? t('zone.target', { value: formatValue(target.value, 'percent'), deadline: target.deadlinePeriod })
      : undefined;
    trendsBody = (
      <>
        {target && current && (
          <p className="target-line">
            {note} · {current.period}: <TargetBadge status={current.status} />
          </p>
        )}
        <div className="trend-grid">
          {list.map((trend) => (
            <TrendPanel key={trend.id} trend={trend} fileName={`equity-${zone.code}-${trend.id}-${fileSafe(group)}-${latest}.csv`} />
          ))}
        </div>
      </>
    );
  }

  let glassBody: ReactNode;
  if (glass.isError) glassBody = <ErrorState error={glass.error} onRetry={() => void glass.refetch()} />;
  else if (profile.isError) glassBody = <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  else if (!glass.data || !profile.data) glassBody = <Loading />;
  else
    glassBody = (
      <>
        <GlassCeilingTable
          data={glass.data}
          profile={profile.data}
          caption={t('zone.glass.caption', { group: label(glass.data.group.label), period: latest })}
          fileName={`equity-${zone.code}-glass-ceiling-${fileSafe(group)}-${latest}.csv`}
        />
        <p className="legend small">{glass.data.threshold > 1 ? t('suppressed.legend', { k: glass.data.threshold }) : t('suppressed.legendFull')}</p>
      </>
    );

  return (
    <>
      {groupLabel && <p className="page__intro">{t('zone.intro', { group: groupLabel })}</p>}
      <section aria-labelledby={trendsId}>
        <h2 id={trendsId}>{t('zone.trends')}</h2>
        {trendsBody}
      </section>
      <section className="panel" aria-labelledby={glassId}>
        <h2 id={glassId} className="panel__title">
          {t('zone.glass.heading', { period: latest })}
        </h2>
        {glassBody}
      </section>
      {metrics.isError ? (
        <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : !metrics.data ? (
        <Loading />
      ) : (
        <FunnelAndAvailability
          metrics={metrics.data}
          groupLabel={label(metrics.data.group.label)}
          referenceLabel={label(metrics.data.reference.label)}
          fileName={`equity-${zone.code}-funnel-${fileSafe(group)}-${latest}.csv`}
        />
      )}
    </>
  );
}

/** One zone: trends over twelve quarters and the glass ceiling of the latest. */
export function ZoneView({ code }: { code: string }) {
  const [params] = useSearchParams();
  const group = params.get('group') || DEFAULT_GROUP;
  const zones = useZones();
  const zone = zones.data?.find((z) => z.code === code);
  const returns = useZoneReturns(zone?.code);
  const name = zone ? label(zone.names) || zone.name : code;
  useDocumentTitle(name);

  let content: ReactNode;
  if (zones.isPending) content = <Loading />;
  else if (zones.isError) content = <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />;
  else if (!zone) content = <EmptyState>{t('zone.unknown')}</EmptyState>;
  else if (returns.isError) content = <ErrorState error={returns.error} onRetry={() => void returns.refetch()} />;
  else if (!returns.data) content = <Loading />;
  else if (returns.data.length === 0 || !returns.data[0]) content = <EmptyState>{t('zone.noReturns')}</EmptyState>;
  else content = <ZoneFigures zone={zone} latest={returns.data[0].period} group={group} />;

  return (
    <div className="page">
      <p className="small">
        <Link to={`/overview?group=${encodeURIComponent(group)}`}>← {t('zone.back')}</Link>
      </p>
      <header className="page__header">
        <h1>
          {zone ? `${zone.code} — ` : ''}
          {name}
        </h1>
      </header>
      {content}
    </div>
  );
}
