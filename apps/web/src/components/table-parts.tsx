/**
 * The parts the tables share: the frame that scrolls sideways (ScrollTable); and for the sortable
 * tables (overview, targets) the filter that Escape empties, the count of rows shown with the CSV
 * of them, the sortable column headings, the cells (the row's name as its header), and the row
 * that says nothing is shown.
 */
import type { ReactNode } from 'react';
import { t } from '../lib/i18n';
import { ariaSort, SortButton, type SortState } from './sort-button';

/** A table's text filter: Escape empties it. */
export function TableFilter({ id, label, placeholder, value, onChange }: { id: string; label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && onChange('')} />
    </div>
  );
}

/** The end of a table's toolbar: how many rows are shown (`text`, announced as it changes) and the CSV of those rows. */
export function ShownRows({ text, count, onDownload }: { text: string; count: number; onDownload: () => void }) {
  return (
    <>
      <p className="toolbar__meta muted" aria-live="polite">
        {text}
      </p>
      <button type="button" className="button button--secondary" onClick={onDownload} disabled={count === 0}>
        {t('overview.download')}
      </button>
    </>
  );
}

/** A sortable column's heading: its order for screen readers (`aria-sort`) and the button that changes it. */
export function SortableHeading({ sorted, onSort, className, children }: { sorted: SortState; onSort: ((event: unknown) => void) | undefined; className?: string; children: ReactNode }) {
  return (
    <th scope="col" className={className} aria-sort={ariaSort(sorted)}>
      <SortButton sorted={sorted} onClick={onSort}>
        {children}
      </SortButton>
    </th>
  );
}

/** A cell of a row: the row's name is its header (`rowHeader`), the others are data. */
export function BodyCell({ rowHeader, className, children }: { rowHeader: boolean; className?: string; children: ReactNode }) {
  return rowHeader ? (
    <th scope="row" className="cell--label">
      {children}
    </th>
  ) : (
    <td className={className}>{children}</td>
  );
}

/** The one row of a table that shows nothing, saying why. */
export function NoRows({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {children}
      </td>
    </tr>
  );
}

/**
 * A data table in its frame that scrolls sideways: its caption if any (`captionHidden`: for screen
 * readers only), its one row of column headings (`head`) and its body rows (`children`; with `rowGroups`,
 * the table's own `<tbody>`s and `<tfoot>` instead). With `label`, the frame is a named region that
 * the keyboard can focus to scroll it.
 */
export function ScrollTable({
  className,
  caption,
  captionHidden = false,
  label,
  head,
  rowGroups = false,
  children,
}: {
  className: string;
  caption?: ReactNode;
  captionHidden?: boolean;
  label?: string;
  head: ReactNode;
  rowGroups?: boolean;
  children: ReactNode;
}) {
  const region = label === undefined ? {} : { tabIndex: 0, role: 'region', 'aria-label': label };
  return (
    <div className="table-scroll" {...region}>
      <table className={className}>
        {caption !== undefined && <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>}
        <thead>
          <tr>{head}</tr>
        </thead>
        {rowGroups ? children : <tbody>{children}</tbody>}
      </table>
    </div>
  );
}
