import { hiringVerdict, type Count, type FigureCode, type RateDto, type TargetMetric, type TargetProgressDto, type Verdict, type ZoneMetricsDto } from '@equity/shared';
import { BaseText, ValueText } from '../../../components/rate-value';
import { figureLabel, formatValue } from '../../../lib/format';
import { rateBase } from '../../../lib/value-text';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { TargetBadge } from '../../../components/ui/target-badge';
import { DisclosureThreshold, VerdictText } from '../../../components/withheld';
import { findTarget, statusIn } from '../../../lib/api/get-targets';
import { t, type MessageId } from '../../../lib/i18n';
import { metricName, targetValueText } from '../../../lib/target-text';
import { useZoneMetrics } from '../api/get-zone-metrics';

interface KeyFigure {
  id: string;
  /** The figure shown: its name and how its value is written come from the registry. */
  figure: FigureCode;
  definition: MessageId;
  value: number | null;
  /** The rate behind the value (for "suppressed") and whose interval is shown. */
  rate: RateDto | null;
  intervalOf: MessageId | null;
  base: Count | null;
  baseOf: MessageId;
  verdict: Verdict | null;
  target: TargetMetric;
}

/** The four figures management follows, read from the API's metrics (nothing recomputed here). */
export function keyFigures(m: ZoneMetricsDto): KeyFigure[] {
  return [
    {
      id: 'representation',
      figure: 'representation',
      definition: 'report.figure.representation.definition',
      value: m.representation.ofDeclared.value,
      rate: m.representation.ofDeclared,
      intervalOf: null,
      base: rateBase(m.representation.ofDeclared),
      baseOf: 'report.base.declared',
      verdict: null,
      target: 'representation',
    },
    {
      id: 'hiring',
      figure: 'hiring_ratio',
      definition: 'report.figure.hiring.definition',
      value: m.hiring.ratio,
      rate: m.hiring.share,
      intervalOf: 'report.interval.hiringShare',
      base: rateBase(m.hiring.share),
      baseOf: 'report.base.hires',
      verdict: hiringVerdict(m.hiring),
      target: 'hiring_share',
    },
    {
      id: 'promotion',
      figure: 'promotion_impact_ratio',
      definition: 'report.figure.promotion.definition',
      value: m.promotion.impactRatio,
      rate: m.promotion.group,
      intervalOf: 'report.interval.promotionRate',
      base: rateBase(m.promotion.group),
      baseOf: 'report.base.feeders',
      verdict: m.promotion.verdict,
      target: 'promotion_impact_ratio',
    },
    {
      id: 'retention',
      figure: 'retention',
      definition: 'report.figure.retention.definition',
      value: m.separation.retention.group.value,
      rate: m.separation.retention.group,
      intervalOf: null,
      base: rateBase(m.separation.retention.group),
      baseOf: 'report.base.average',
      verdict: m.separation.retention.verdict,
      target: 'retention',
    },
  ];
}

function IntervalText({ figure }: { figure: KeyFigure }) {
  const interval = figure.rate?.interval;
  if (!interval) return <span className="muted">{t('value.none')}</span>;
  // Intervals are of rates (shares), so always percentages.
  const text = `${formatValue(interval.low, 'share')} – ${formatValue(interval.high, 'share')}`;
  return <>{figure.intervalOf ? t(figure.intervalOf, { interval: text }) : text}</>;
}

/** Key figures of the quarter as one table: value, 95% interval, base, conclusion and target status. */
export function ReportKeyFigures({ zone, period, group, targets }: { zone: string; period: string; group: string; targets: TargetProgressDto[] }) {
  const metrics = useZoneMetrics({ zone, period, group });
  if (metrics.isError) return <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} />;
  if (!metrics.data) return <Loading />;
  const m = metrics.data;
  const figures = keyFigures(m);
  return (
    <DisclosureThreshold k={m.threshold}>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('report.figures.caption', { period })}>
        <table className="data-table key-figures-table">
          <caption className="visually-hidden">{t('report.figures.caption', { period })}</caption>
          <thead>
            <tr>
              <th scope="col" className="cell--label">
                {t('report.figures.figure')}
              </th>
              <th scope="col">{t('zone.table.value')}</th>
              <th scope="col">{t('report.figures.interval')}</th>
              <th scope="col">{t('zone.table.base')}</th>
              <th scope="col">{t('zone.table.verdict')}</th>
              <th scope="col">{t('report.figures.target')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => {
              const target = findTarget(targets, zone, group, f.target);
              return (
                <tr key={f.id}>
                  <th scope="row" className="cell--label">
                    {figureLabel(f.figure)}
                    <span className="key-figure__definition">{t(f.definition)}</span>
                  </th>
                  <td className="key-figure__value">
                    <ValueText value={f.value} kind={f.figure} rate={f.rate} verdict={f.verdict} />
                  </td>
                  <td>
                    <IntervalText figure={f} />
                  </td>
                  <td>
                    <BaseText base={f.base} />
                    <span className="key-figure__definition">{t(f.baseOf)}</span>
                  </td>
                  <td>{f.verdict && f.value !== null ? <VerdictText verdict={f.verdict} /> : t('value.none')}</td>
                  <td>
                    {target ? (
                      <>
                        <TargetBadge status={statusIn(target, period)} />
                        <span className="key-figure__definition">{t('report.figures.targetOf', { metric: metricName(target.metric), value: targetValueText(target), deadline: target.deadlinePeriod })}</span>
                      </>
                    ) : (
                      <span className="muted">{t('report.figures.noTarget')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="legend small">
        {t('report.figures.window', { from: m.window.from, to: m.window.to })}{' '}
        {m.threshold > 1 ? t('suppressed.legend', { k: m.threshold }) : t('suppressed.legendFull')}
      </p>
    </DisclosureThreshold>
  );
}
