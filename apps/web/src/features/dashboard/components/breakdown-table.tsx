import type { Count } from '@equity/shared';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useId, useMemo } from 'react';
import { CountText } from '../../../components/count-text';
import { label, t } from '../../../lib/i18n';
import type { Pivot, PivotRow } from '../utils/breakdown';

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, PivotRow>();

/**
 * Category × dimension value cross-tab with row totals (last column) and column totals (footer).
 * A table of 4-quarter sums (flows shown to management) says so above it and in its caption.
 */
export function BreakdownTable({ pivot, caption }: { pivot: Pivot; caption: string }) {
  const noteId = useId();
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('label', {
          id: 'category',
          header: t('dashboard.table.category'),
          footer: t('dashboard.table.total'),
        }),
        ...pivot.values.map((value) =>
          helper.accessor((row): Count => row.counts[value.code] ?? 0, {
            id: value.code,
            header: label(value.label),
            cell: (info) => <CountText count={info.getValue()} />,
            footer: () => <CountText count={pivot.valueTotals[value.code]} />,
          }),
        ),
        helper.accessor('total', {
          id: 'total',
          header: t('dashboard.table.total'),
          cell: (info) => <CountText count={info.getValue()} />,
          footer: () => <CountText count={pivot.total} />,
        }),
      ]),
    [pivot],
  );

  const table = useTable({ features, columns, data: pivot.rows });
  const windowNote = pivot.window ? t('dashboard.table.window', { quarters: pivot.window.quarters, from: pivot.window.from, to: pivot.window.to }) : null;

  return (
    <div className="breakdown-table">
      {windowNote && (
        <p id={noteId} className="table-note small">
          {windowNote}
        </p>
      )}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption} aria-describedby={windowNote ? noteId : undefined}>
        <table className="data-table data-table--numeric">
          <caption className="visually-hidden">{windowNote ? `${caption}. ${windowNote}` : caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th
                    key={header.id}
                    scope="col"
                    className={header.column.id === 'category' ? 'cell--label' : header.column.id === 'total' ? 'cell--total' : undefined}
                  >
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) =>
                  cell.column.id === 'category' ? (
                    <th key={cell.id} scope="row" className="cell--label">
                      <table.FlexRender cell={cell} />
                    </th>
                  ) : (
                    <td key={cell.id} className={cell.column.id === 'total' ? 'cell--total' : undefined}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          <tfoot>
            {table.getFooterGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) =>
                  header.column.id === 'category' ? (
                    <th key={header.id} scope="row" className="cell--label">
                      <table.FlexRender footer={header} />
                    </th>
                  ) : (
                    <td key={header.id} className={header.column.id === 'total' ? 'cell--total' : undefined}>
                      <table.FlexRender footer={header} />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </div>
  );
}
