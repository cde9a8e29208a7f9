import type { ClassificationProfile } from '@equity/shared';
import { lazy, Suspense, useId } from 'react';
import { CsvButton } from '../../../components/csv-button';
import { Loading } from '../../../components/ui/loading';
import { DisclosureThreshold } from '../../../components/withheld';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { categoryLabel, valueLabel } from '../../../lib/profile-utils';
import { useHeadcountPivot } from '../hooks/use-headcount-pivot';
import { pivotCsv } from '../utils/breakdown';
import { BreakdownTable } from './breakdown-table';
import { KeyFigures } from './key-figures';

const BreakdownChart = lazy(() => import('./breakdown-chart'));

/** Headcount by staff category × one dimension: table, key figures and chart. */
export function BreakdownPanel({
  profile,
  zone,
  period,
  dimension: dimensionCode,
}: {
  profile: ClassificationProfile;
  zone: string;
  period: string;
  dimension: string;
}) {
  const headingId = useId();
  const { dimension, dimensionName, pivot, waiting } = useHeadcountPivot(profile, zone, period, dimensionCode);
  if (!dimension) return null;

  let body = waiting;
  if (pivot) {
    const suppressedInChart = pivot.suppressedCells.map(
      (c) => `${categoryLabel(profile, c.category)} × ${valueLabel(dimension, c.value)}`,
    );
    const allSuppressed = pivot.rows.every((row) => pivot.values.every((v) => typeof row.counts[v.code] !== 'number'));
    body = (
      <DisclosureThreshold k={pivot.threshold}>
        <div className="panel__grid">
          <BreakdownTable pivot={pivot} caption={t('dashboard.table.caption', { dimension: dimensionName, period })} />
          <aside className="panel__aside" aria-label={t('dashboard.figures')}>
            <KeyFigures pivot={pivot} />
            <p className="muted small">{t('dashboard.figures.definition')}</p>
          </aside>
        </div>
        <p className="legend small">
          {pivot.threshold > 1 ? t('suppressed.legend', { k: pivot.threshold }) : t('suppressed.legendFull')}
        </p>
        <div className="table-actions">
          <CsvButton
            fileName={`equity-headcount-${zone}-${period}-${dimensionCode}.csv`}
            rows={() =>
              pivotCsv(pivot, { category: t('dashboard.table.category'), total: t('dashboard.table.total'), valueLabel: (v) => label(v.label), marker: t('suppressed.marker') })
            }
          />
        </div>
        {allSuppressed ? (
          <p className="muted">{t('dashboard.chart.allSuppressed')}</p>
        ) : (
          <Suspense fallback={<Loading text={t('dashboard.chart.loading')} />}>
            <BreakdownChart pivot={pivot} ariaLabel={t('dashboard.chart.label', { dimension: dimensionName })} />
          </Suspense>
        )}
        {suppressedInChart.length > 0 && !allSuppressed && (
          <details className="chart-note small">
            <summary>{tCount('dashboard.chart.suppressedNote', suppressedInChart.length, { n: formatNumber(suppressedInChart.length) })}</summary>
            <p>{t('dashboard.chart.suppressedList', { cells: suppressedInChart.join('; ') })}</p>
          </details>
        )}
      </DisclosureThreshold>
    );
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {t('dashboard.headcountBy', { dimension: dimensionName })}
      </h2>
      {body}
    </section>
  );
}
