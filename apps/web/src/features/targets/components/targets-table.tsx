import { TARGET_METRICS, type TargetProgressDto, type TargetStatus } from '@equity/shared';
import {
  createColumnHelper,
  createSortedRowModel,
  rowExpandingFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import { Fragment, useId, useMemo, useState } from 'react';
import { TargetBadge } from '../../../components/ui/target-badge';
import { downloadCsv, toCsv } from '../../../lib/csv';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { metricName, projectionTone } from '../../../lib/target-text';
import { projectionKey, STATUS_RANK, targetsCsv, type TargetRow } from '../utils/target-rows';
import { TargetDetail } from './target-detail';
import { BodyCell, NoRows, ShownRows, SortableHeading, TableFilter } from '../../../components/table-parts';

const features = tableFeatures({ rowSortingFeature, rowExpandingFeature, sortedRowModel: createSortedRowModel() });
const helper = createColumnHelper<typeof features, TargetRow>();

const STATUSES: TargetStatus[] = ['off_track', 'at_risk', 'on_track', 'achieved', 'suppressed', 'too_few_to_conclude', 'no_data'];

const compare = (x: string | number, y: string | number) => (x === y ? 0 : x < y ? -1 : 1);

/**
 * Every target the user may see: sortable columns, a text and status filter, a CSV of what is
 * shown, and each row expandable into its chart and figures. Edit and delete only for `canManage`.
 */
export function TargetsTable({
  rows,
  canManage,
  onEdit,
  onDelete,
}: {
  rows: TargetRow[];
  canManage: boolean;
  onEdit: (target: TargetProgressDto) => void;
  onDelete: (target: TargetProgressDto) => void;
}) {
  const filterId = useId();
  const statusId = useId();
  const metricId = useId();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<TargetStatus | ''>('');
  const [metric, setMetric] = useState('');

  const data = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    return rows.filter(
      (r) =>
        (status === '' || r.status === status) &&
        (metric === '' || r.target.metric === metric) &&
        (needle === '' ||
          [r.target.zone, r.zoneName, r.group, r.metric, r.categories, r.target.note].some((text) => text.toLocaleLowerCase().includes(needle))),
    );
  }, [rows, filter, status, metric]);

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor((r) => `${r.zoneName} ${r.target.zone}`, {
          id: 'zone',
          header: t('targets.col.zone'),
          sortFn: (a, b) => a.original.zoneName.localeCompare(b.original.zoneName),
          cell: (info) => (
            <>
              <span className="zone-link__code">{info.row.original.target.zone}</span> {info.row.original.zoneName}
            </>
          ),
        }),
        // The staff categories qualify the group ("Female, in CALog level C"): one column for both keeps the table within a tablet's width.
        helper.accessor('group', {
          id: 'group',
          header: t('targets.col.group'),
          sortFn: (a, b) => a.original.group.localeCompare(b.original.group),
          cell: (info) => (
            <>
              {info.getValue()}
              <span className="metric__base">
                {info.row.original.target.categories.length === 0 ? t('targets.categories.all') : t('targets.categories.only', { categories: info.row.original.categories })}
              </span>
            </>
          ),
        }),
        helper.accessor('metric', { id: 'metric', header: t('targets.col.metric'), sortFn: (a, b) => a.original.metric.localeCompare(b.original.metric) }),
        helper.accessor((r) => r.target.baselinePeriod, {
          id: 'baseline',
          header: t('targets.col.baseline'),
          sortFn: (a, b) => compare(a.original.target.baselinePeriod, b.original.target.baselinePeriod),
          cell: (info) => (
            <>
              <span className="nowrap">{info.getValue()}</span>
              <span className="metric__base">{info.row.original.texts.baseline}</span>
            </>
          ),
        }),
        helper.accessor((r) => r.target.value, {
          id: 'value',
          header: t('targets.col.value'),
          sortFn: (a, b) => compare(a.original.target.value, b.original.target.value),
          cell: (info) => (
            <>
              <span className="metric__value">{info.row.original.texts.value}</span>
              <span className="metric__base narrow-only">{t('targets.byDeadline', { deadline: info.row.original.target.deadlinePeriod })}</span>
              <span className="metric__base narrow-only">
                {info.row.original.target.baselineValue === null
                  ? t('targets.baselineOnly', { baseline: info.row.original.target.baselinePeriod })
                  : t('targets.fromBaseline', { value: info.row.original.texts.baseline, baseline: info.row.original.target.baselinePeriod })}
              </span>
            </>
          ),
        }),
        helper.accessor((r) => r.target.deadlinePeriod, {
          id: 'deadline',
          header: t('targets.col.deadline'),
          sortFn: (a, b) => compare(a.original.target.deadlinePeriod, b.original.target.deadlinePeriod),
          cell: (info) => <span className="nowrap">{info.getValue()}</span>,
        }),
        helper.accessor((r) => STATUS_RANK[r.status], {
          id: 'current',
          header: t('targets.col.current'),
          sortFn: (a, b) => compare(STATUS_RANK[a.original.status], STATUS_RANK[b.original.status]),
          cell: (info) => {
            const { target, texts, status: rowStatus } = info.row.original;
            return (
              <div className="metric">
                <span className={target.current?.actual == null ? 'metric__value muted' : 'metric__value'}>{texts.current}</span>
                {target.current && <span className="metric__base">{target.current.period}</span>}
                <TargetBadge status={rowStatus} />
              </div>
            );
          },
        }),
        helper.accessor((r) => projectionKey(r.target), {
          id: 'projection',
          header: t('targets.col.projection'),
          sortUndefined: 'last',
          sortFn: (a, b) => compare(projectionKey(a.original.target) ?? 0, projectionKey(b.original.target) ?? 0),
          cell: (info) => (
            <span className={`projection projection--${projectionTone(info.row.original.target.projection)}`}>{info.row.original.texts.projection}</span>
          ),
        }),
      ]),
    [],
  );

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => String(row.target.id),
    getRowCanExpand: () => true,
    state: { sorting, expanded },
    onSortingChange: setSorting,
    onExpandedChange: (updater) => setExpanded((current) => {
      const next = typeof updater === 'function' ? updater(current) : updater;
      return next === true ? Object.fromEntries(data.map((r) => [String(r.target.id), true])) : next;
    }),
  });
  const shown = table.getRowModel().rows;
  const columnCount = columns.length + (canManage ? 2 : 1);

  const download = () => downloadCsv(toCsv(targetsCsv(shown.map((r) => r.original))), 'equity-targets.csv');

  return (
    <>
      <div className="toolbar toolbar--table">
        <TableFilter id={filterId} label={t('targets.filter')} placeholder={t('targets.filterPlaceholder')} value={filter} onChange={setFilter} />
        <div className="field">
          <label htmlFor={metricId}>{t('targets.filterMetric')}</label>
          <select id={metricId} value={metric} onChange={(event) => setMetric(event.target.value)}>
            <option value="">{t('targets.filterAll')}</option>
            {TARGET_METRICS.map((m) => (
              <option key={m} value={m}>
                {metricName(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={statusId}>{t('targets.filterStatus')}</label>
          <select id={statusId} value={status} onChange={(event) => setStatus(event.target.value as TargetStatus | '')}>
            <option value="">{t('targets.filterAll')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`target.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <ShownRows text={tCount('targets.rows', shown.length, { n: formatNumber(shown.length) })} count={shown.length} onDownload={download} />
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('targets.caption')}>
        <table className="data-table targets-table">
          <caption>{t('targets.caption')}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                <th scope="col" className="cell--narrow">
                  <span className="visually-hidden">{t('targets.col.details')}</span>
                </th>
                {group.headers.map((header) => {
                  if (!header.column.getCanSort()) {
                    return (
                      <th key={header.id} scope="col" className={`th--plain col--${header.column.id}`}>
                        <table.FlexRender header={header} />
                      </th>
                    );
                  }
                  return (
                    <SortableHeading key={header.id} sorted={header.column.getIsSorted()} onSort={header.column.getToggleSortingHandler()} className={`col--${header.column.id}`}>
                      <table.FlexRender header={header} />
                    </SortableHeading>
                  );
                })}
                {canManage && (
                  <th scope="col" className="th--plain">
                    {t('targets.col.actions')}
                  </th>
                )}
              </tr>
            ))}
          </thead>
          <tbody>
            {shown.length === 0 && <NoRows columns={columnCount}>{t('targets.noMatch')}</NoRows>}
            {shown.map((row) => {
              const { target, zoneName, group, metric: metricText } = row.original;
              const name = t('targets.rowName', { zone: zoneName, group, metric: metricText });
              const isExpanded = row.getIsExpanded();
              return (
                <Fragment key={row.id}>
                  <tr className={isExpanded ? 'row--expanded' : undefined}>
                    <td className="cell--narrow">
                      <button
                        type="button"
                        className="expand-button"
                        aria-expanded={isExpanded}
                        aria-controls={`target-detail-${target.id}`}
                        onClick={row.getToggleExpandedHandler()}
                      >
                        <span aria-hidden="true">{isExpanded ? '▾' : '▸'}</span>
                        <span className="visually-hidden">{t(isExpanded ? 'targets.hideDetails' : 'targets.showDetails', { name })}</span>
                      </button>
                    </td>
                    {row.getAllCells().map((cell) => (
                      <BodyCell key={cell.id} rowHeader={cell.column.id === 'zone'} className={`col--${cell.column.id}`}>
                        <table.FlexRender cell={cell} />
                      </BodyCell>
                    ))}
                    {canManage && (
                      <td>
                        <div className="row-actions">
                          <button type="button" className="button button--secondary button--small" onClick={() => onEdit(target)} aria-label={t('targets.editNamed', { name })}>
                            {t('targets.edit')}
                          </button>
                          <button type="button" className="button button--danger button--small" onClick={() => onDelete(target)} aria-label={t('targets.deleteNamed', { name })}>
                            {t('targets.delete')}
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                  {isExpanded && (
                    <tr className="row--detail" id={`target-detail-${target.id}`}>
                      <td colSpan={columnCount}>
                        <TargetDetail target={target} zoneName={zoneName} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
