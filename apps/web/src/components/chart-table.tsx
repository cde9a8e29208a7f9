import type { ReactNode } from 'react';
import { t } from '../lib/i18n';

/**
 * The figures of a chart as a table, one click away (a disclosure under the chart): a row per
 * quarter, the quarter as the row's header, then the `headings` and each row's `cells`.
 */
export function ChartTable<R>({
  title,
  open,
  className,
  headings,
  rows,
  period,
  rowClass,
  cells,
}: {
  /** The chart's title, in the table's caption. */
  title: string;
  /** Shown unfolded. */
  open?: boolean;
  /** The table's own class, beside the data table's. */
  className?: string;
  headings: ReactNode;
  rows: R[];
  period: (row: R) => string;
  rowClass?: (row: R) => string | undefined;
  cells: (row: R) => ReactNode;
}) {
  return (
    <details className="chart-note small" open={open}>
      <summary>{t('zone.chart.table')}</summary>
      <div className="table-scroll">
        <table className={['data-table data-table--compact data-table--numeric', className].filter(Boolean).join(' ')}>
          <caption className="visually-hidden">{t('zone.table.caption', { title })}</caption>
          <thead>
            <tr>
              <th scope="col" className="cell--label">{t('zone.table.period')}</th>
              {headings}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={period(row)} className={rowClass?.(row)}>
                <th scope="row" className="cell--label">{period(row)}</th>
                {cells(row)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
