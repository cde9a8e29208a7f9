import { TOTAL_CODE } from '@equity/shared';
import { figureLabel, formatValue } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { baseText, valueText } from '../../../lib/value-text';
import { METRIC_SOURCE, OVERVIEW_METRICS, type MetricCell, type OverviewMetric, type OverviewRow, type OverviewTotal } from './overview-rows';

/** A column's title: the name of the national figure it shows. */
export const columnTitle = (metric: OverviewMetric): string => figureLabel(METRIC_SOURCE[metric].national);

/** The texts one cell shows: the value, its base, a conclusion in words and the target status. */
export function cellTexts(metric: OverviewMetric, cell: MetricCell) {
  const kind = METRIC_SOURCE[metric].national;
  return {
    value: cell.pending ? t('suppressed.pending') : valueText(cell.value, kind, cell.rate, cell.verdict),
    base: cell.base === null ? '' : t('value.base', { base: baseText(cell.base) }),
    baseOnly: cell.base === null ? '' : baseText(cell.base),
    // The value itself already says "too few to conclude" when there is none.
    verdict: cell.verdict && cell.value !== null ? t(`verdict.${cell.verdict}`) : '',
    target: cell.target ? t(`target.${cell.target.status}`) : '',
    targetValue: cell.target ? formatValue(cell.target.value, cell.target.metric) : '',
  };
}

/** Exactly what the table shows, in its current order and filter, as rows of a CSV file; the total (zone code `total`) last. */
export function csvRows(rows: OverviewRow[], total: OverviewTotal | null = null): string[][] {
  const header = [t('overview.csv.zoneCode'), t('overview.zone')];
  for (const metric of OVERVIEW_METRICS) {
    const column = columnTitle(metric);
    header.push(column, t('overview.csv.base', { column }), t('zone.table.verdict') + ` (${column})`, t('overview.csv.target', { column }));
  }
  const line = (code: string, name: string, metrics: OverviewRow['metrics']) => {
    const out = [code, name];
    for (const metric of OVERVIEW_METRICS) {
      const texts = cellTexts(metric, metrics[metric]);
      out.push(texts.value, texts.baseOnly, texts.verdict, texts.target);
    }
    return out;
  };
  const body = rows.map((row) => line(row.zone, row.zoneName, row.metrics));
  return total ? [header, ...body, line(TOTAL_CODE, t('overview.total', { count: total.zones }), total.metrics)] : [header, ...body];
}
