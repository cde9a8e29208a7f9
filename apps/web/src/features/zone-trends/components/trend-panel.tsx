import { lazy, Suspense, useId } from 'react';
import { ChartTable } from '../../../components/chart-table';
import { CsvButton } from '../../../components/csv-button';
import { BaseText, ValueText } from '../../../components/rate-value';
import { formatValue } from '../../../lib/format';
import { baseText, valueText } from '../../../lib/value-text';
import { Loading } from '../../../components/ui/loading';
import { VerdictText } from '../../../components/withheld';
import { t } from '../../../lib/i18n';
import { trendTitle, type Trend } from '../utils/series';

const TrendChart = lazy(() => import('./trend-chart'));

/** One trend: its chart and, one click away, the same figures as a table. */
export function TrendPanel({ trend, note, fileName }: { trend: Trend; note?: string; fileName: string }) {
  const headingId = useId();
  const title = trendTitle(trend);
  const first = trend.points[0]?.period ?? '';
  const last = trend.points.at(-1)?.period ?? '';
  const anyValue = trend.points.some((p) => p.value !== null);
  const anyGap = trend.points.some((p) => p.value === null);
  const showBase = trend.points.some((p) => p.base !== null);
  const showVerdict = trend.points.some((p) => p.verdict !== null);

  return (
    <section className="panel trend" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel__title">
        {title}
      </h3>
      {note && <p className="small muted">{note}</p>}
      {anyValue ? (
        <Suspense fallback={<Loading text={t('dashboard.chart.loading')} />}>
          <TrendChart trend={trend} ariaLabel={t('zone.chart.label', { title, from: first, to: last })} />
        </Suspense>
      ) : (
        <p className="muted">{t('zone.chart.empty')}</p>
      )}
      {anyValue && anyGap && <p className="small muted">{t('zone.chart.gaps')}</p>}
      <div className="table-actions">
        <CsvButton
          fileName={fileName}
          rows={() => [
            [t('zone.table.period'), t('zone.table.value'), ...(showBase ? [t('zone.table.base')] : []), ...(showVerdict ? [t('zone.table.verdict')] : []), ...(trend.hasTrajectory ? [t('zone.table.trajectory')] : [])],
            ...trend.points.map((p) => [
              p.period,
              valueText(p.value, trend.figure, p.rate, p.verdict),
              ...(showBase ? [baseText(p.base)] : []),
              ...(showVerdict ? [p.verdict ? t(`verdict.${p.verdict}`) : t('value.none')] : []),
              ...(trend.hasTrajectory ? [p.trajectory === null ? t('value.none') : formatValue(p.trajectory, trend.figure)] : []),
            ]),
          ]}
        />
      </div>
      <ChartTable
        title={title}
        headings={
          <>
            <th scope="col">{t('zone.table.value')}</th>
            {showBase && <th scope="col">{t('zone.table.base')}</th>}
            {showVerdict && <th scope="col">{t('zone.table.verdict')}</th>}
            {trend.hasTrajectory && <th scope="col">{t('zone.table.trajectory')}</th>}
          </>
        }
        rows={trend.points}
        period={(p) => p.period}
        cells={(p) => (
          <>
            <td>
              <ValueText value={p.value} kind={trend.figure} rate={p.rate} verdict={p.verdict} />
            </td>
            {showBase && <td><BaseText base={p.base} /></td>}
            {showVerdict && <td>{p.verdict ? <VerdictText verdict={p.verdict} /> : t('value.none')}</td>}
            {trend.hasTrajectory && <td>{p.trajectory === null ? t('value.none') : formatValue(p.trajectory, trend.figure)}</td>}
          </>
        )}
      />
    </section>
  );
}
