import { type ZoneDto } from '@equity/shared';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QuarterGroupFields, useQuarterAndGroup } from '../../../components/quarter-group-fields';
import { formatValue } from '../../../lib/format';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { TargetBadge } from '../../../components/ui/target-badge';
import { useProfile } from '../../../lib/api/get-profile';
import { findTarget, useTargets } from '../../../lib/api/get-targets';
import { useZoneReturns } from '../../../lib/api/get-zone-returns';
import { useZones } from '../../../lib/api/get-zones';
import { fileSafe } from '../../../lib/csv';
import { DEFAULT_GROUP } from '../../../lib/group-options';
import { label, t } from '../../../lib/i18n';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMetrics } from '../api/get-metrics';
import { FunnelAndAvailability } from './funnel-availability';
import { ZoneGlassCeiling, ZoneTrends } from './zone-trend-sections';


function ZoneFigures({ zone, period, group }: { zone: ZoneDto; period: string; group: string }) {
  const trendsId = useId();
  const glassId = useId();
  const metrics = useMetrics({ zone: zone.code, period, group });
  const targets = useTargets();
  const profile = useProfile(zone.profile);
  const target = findTarget(targets.data, zone.code, group, 'representation');
  const groupLabel = metrics.data ? label(metrics.data.group.label) : '';
  const current = target?.current;

  return (
    <>
      {groupLabel && <p className="page__intro">{t('zone.intro', { group: groupLabel })}</p>}
      <section aria-labelledby={trendsId}>
        <h2 id={trendsId}>{t('zone.trends')}</h2>
        {target && current && (
          <p className="target-line">
            {t('zone.target', { value: formatValue(target.value, target.metric), deadline: target.deadlinePeriod })} · {current.period}: <TargetBadge status={current.status} />
          </p>
        )}
        <ZoneTrends zone={zone} period={period} group={group} />
      </section>
      <section className="panel" aria-labelledby={glassId}>
        <h2 id={glassId} className="panel__title">
          {t('zone.glass.heading', { period })}
        </h2>
        {profile.isError ? (
          <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
        ) : !profile.data ? (
          <Loading />
        ) : (
          <ZoneGlassCeiling zone={zone} profile={profile.data} period={period} group={group} />
        )}
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
          fileName={`equity-${zone.code}-funnel-${fileSafe(group)}-${period}.csv`}
        />
      )}
    </>
  );
}

/**
 * One zone: trends over the twelve quarters to the quarter chosen (default: the latest ended one)
 * and its glass ceiling, for the group chosen; both in the address (`period`, `group`).
 */
export function ZoneView({ code }: { code: string }) {
  const zones = useZones();
  const zone = zones.data?.find((z) => z.code === code);
  const returns = useZoneReturns(zone?.code);
  const profile = useProfile(zone?.profile);
  const { period, group = DEFAULT_GROUP, periods, sets, update } = useQuarterAndGroup((returns.data ?? []).map((r) => r.period), profile.data);
  const name = zone ? label(zone.names) || zone.name : code;
  useDocumentTitle(name);

  let content: ReactNode;
  if (zones.isPending) content = <Loading />;
  else if (zones.isError) content = <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />;
  else if (!zone) content = <EmptyState>{t('zone.unknown')}</EmptyState>;
  else if (returns.isError) content = <ErrorState error={returns.error} onRetry={() => void returns.refetch()} />;
  else if (!returns.data) content = <Loading />;
  else if (!period) content = <EmptyState>{t('zone.noReturns')}</EmptyState>;
  else if (profile.isError) content = <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  else if (!profile.data) content = <Loading />;
  else content = <ZoneFigures key={`${period}-${group}`} zone={zone} period={period} group={group} />;

  return (
    <div className="page">
      <p className="small">
        <Link to={`/overview?group=${encodeURIComponent(group)}`}>← {t('zone.back')}</Link>
      </p>
      <header className="page__header page__header--actions">
        <h1>
          {zone ? `${zone.code} — ` : ''}
          {name}
        </h1>
        {zone && (
          <Link className="button button--secondary" to={`/report/${encodeURIComponent(zone.code)}?${new URLSearchParams({ ...(period ? { period } : {}), group })}`}>
            {t('report.link')}
          </Link>
        )}
      </header>
      {zone && zone.communes.length > 0 && <p className="page__intro">{t('zone.communes', { communes: zone.communes.join(', ') })}</p>}
      {zone && zone.predecessors.length > 0 && (
        <p className="small muted">
          {t('zone.predecessors', { zones: zone.predecessors.map((p) => (p.from ? t('zone.predecessor', { zone: p.code, from: p.from }) : p.code)).join(', ') })}
        </p>
      )}
      {period && profile.data && (
        <div className="toolbar">
          <QuarterGroupFields periods={periods} period={period} sets={sets} group={group} update={update} />
        </div>
      )}
      {content}
    </div>
  );
}
