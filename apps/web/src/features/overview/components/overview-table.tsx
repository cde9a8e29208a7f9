import { createColumnHelper, createSortedRowModel, rowSortingFeature, tableFeatures, useTable, type SortingState } from '@tanstack/react-table';
import { noValueReason } from '@equity/shared';
import { useMemo, useState, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { BaseText, NoValue } from '../../../components/rate-value';
import { TargetBadge } from '../../../components/ui/target-badge';
import { PendingMark, VerdictText } from '../../../components/withheld';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { cellTexts, columnTitle, csvRows } from '../utils/cell-text';
import { downloadCsv, toCsv } from '../../../lib/csv';
import { OVERVIEW_METRICS, type MetricCell, type OverviewMetric, type OverviewRow, type OverviewTotal } from '../utils/overview-rows';
import { BodyCell, NoRows, ShownRows, SortableHeading, TableFilter } from '../../../components/table-parts';

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });
const helper = createColumnHelper<typeof features, OverviewRow>();

/** By value; missing values (the accessor gives undefined) sort last whichever the direction (`sortUndefined`). */
const byValue = (metric: OverviewMetric) => (a: { original: OverviewRow }, b: { original: OverviewRow }) => {
  const x = a.original.metrics[metric].value ?? 0;
  const y = b.original.metrics[metric].value ?? 0;
  return x === y ? 0 : x < y ? -1 : 1;
};

function MetricCellView({ metric, cell, period }: { metric: OverviewMetric; cell: MetricCell; period: string }) {
  const texts = cellTexts(metric, cell);
  const reason = noValueReason(cell.rate, cell.verdict);
  return (
    <div className="metric">
      {cell.pending ? (
        <span className="metric__value metric__value--none">
          <PendingMark />
        </span>
      ) : cell.value !== null ? (
        <span className="metric__value">{texts.value}</span>
      ) : (
        <span className={reason ? 'metric__value metric__value--none' : 'metric__value muted'}>
          <NoValue reason={reason} />
        </span>
      )}
      {cell.base !== null && (
        <span className="metric__base">
          {t('value.base', { base: '' })}
          <BaseText base={cell.base} />
        </span>
      )}
      {texts.verdict && cell.verdict && (
        <span className="metric__verdict">
          <VerdictText verdict={cell.verdict} />
        </span>
      )}
      {cell.target && (
        <TargetBadge
          status={cell.target.status}
          title={t('target.title', {
            value: texts.targetValue,
            deadline: cell.target.deadline,
            period,
            status: texts.target,
          })}
        />
      )}
    </div>
  );
}

/**
 * Every zone for one quarter: sortable columns, a name filter, a CSV of what is shown. The total of
 * every zone stays below them, whatever the order and filter (it is of all zones, as its label says).
 */
export function OverviewTable({
  rows,
  total,
  period,
  caption,
  groupCode,
}: {
  rows: OverviewRow[];
  total: OverviewTotal | null;
  period: string;
  caption: string;
  groupCode: string;
}) {
  const navigate = useNavigate();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState('');

  const data = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    return needle === '' ? rows : rows.filter((r) => r.zoneName.toLocaleLowerCase().includes(needle) || r.zone.includes(needle));
  }, [rows, filter]);

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('zoneName', {
          id: 'zone',
          header: t('overview.zone'),
          sortFn: (a, b) => a.original.zoneName.localeCompare(b.original.zoneName),
          cell: (info) => (
            <>
              <Link to={`/zone/${encodeURIComponent(info.row.original.zone)}?group=${encodeURIComponent(groupCode)}`} className="zone-link">
                <span className="zone-link__code">{info.row.original.zone}</span> {info.getValue()}
              </Link>
              {/* The zone's name is in the link's text (hidden), not in an aria-label: labels are what the page's form fields are found by. */}
              <Link
                to={`/report/${encodeURIComponent(info.row.original.zone)}?period=${encodeURIComponent(period)}&group=${encodeURIComponent(groupCode)}`}
                className="report-link small"
              >
                {t('report.link')}
                <span className="visually-hidden"> — {info.getValue()}</span>
              </Link>
            </>
          ),
        }),
        ...OVERVIEW_METRICS.map((metric) =>
          helper.accessor((row) => row.metrics[metric].value ?? undefined, {
            id: metric,
            header: columnTitle(metric),
            sortFn: byValue(metric),
            sortDescFirst: true,
            sortUndefined: 'last',
            cell: (info) => <MetricCellView metric={metric} cell={info.row.original.metrics[metric]} period={period} />,
          }),
        ),
      ]),
    [period, groupCode],
  );

  const table = useTable({ features, columns, data, state: { sorting }, onSortingChange: setSorting });
  const shown = table.getRowModel().rows;

  const openZone = (row: OverviewRow) => (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('a, button')) return; // the link does it
    void navigate(`/zone/${encodeURIComponent(row.zone)}?group=${encodeURIComponent(groupCode)}`);
  };

  const download = () => downloadCsv(toCsv(csvRows(shown.map((r) => r.original), total)), `equity-overview-${period}-${groupCode.replace(/[^a-z0-9_]+/gi, '-')}.csv`);

  return (
    <>
      <div className="toolbar toolbar--table">
        <TableFilter id="overview-filter" label={t('overview.filter')} placeholder={t('overview.filterPlaceholder')} value={filter} onChange={setFilter} />
        <ShownRows text={tCount('overview.rows', shown.length, { n: formatNumber(shown.length) })} count={shown.length} onDownload={download} />
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="data-table overview-table">
          <caption>{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeading key={header.id} sorted={header.column.getIsSorted()} onSort={header.column.getToggleSortingHandler()} className={header.column.id === 'zone' ? 'cell--label' : undefined}>
                    <table.FlexRender header={header} />
                  </SortableHeading>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {shown.length === 0 && <NoRows columns={OVERVIEW_METRICS.length + 1}>{rows.length === 0 ? t('overview.noZones') : t('overview.noMatch', { filter })}</NoRows>}
            {shown.map((row) => (
              <tr key={row.id} className="row--link" onClick={openZone(row.original)}>
                {row.getAllCells().map((cell) => (
                  <BodyCell key={cell.id} rowHeader={cell.column.id === 'zone'}>
                    <table.FlexRender cell={cell} />
                  </BodyCell>
                ))}
              </tr>
            ))}
          </tbody>
          {total && rows.length > 0 && (
            <tfoot>
              <tr className="row--total">
                <th scope="row" className="cell--label">
                  {t('overview.total', { count: total.zones })}
                </th>
                {OVERVIEW_METRICS.map((metric) => (
                  <td key={metric}>
                    <MetricCellView metric={metric} cell={total.metrics[metric]} period={period} />
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </>
  );
}
