import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CheckedFileForm, CheckedFileRefusal, useCheckedFile } from '../../../components/checked-file';
import { Alert } from '../../../components/ui/alert';
import { formatNumber } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import type { FileParams } from '../api/zones';

/** What loading a file answers: the preview (dryRun) or what was written, with its counts. */
export interface LoadResult {
  dryRun: boolean;
  created: number;
  changed: number;
  unchanged: number;
}

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Loading a file of zones or benchmarks: the file is checked first (nothing written) and its
 * preview says what each row would do; the confirm button then writes them all at once. Every
 * problem of the file is listed by row and column, and the outcome is announced (aria-live) and
 * takes focus.
 */
export function FileLoadPanel<R extends LoadResult>({
  load,
  help,
  example,
  confirmLabel,
  table,
}: {
  load: UseMutationResult<R, Error, FileParams>;
  help: string;
  example: string;
  /** The confirm button for `count` rows to write. */
  confirmLabel: (count: number) => string;
  /** The rows of a result as a table with this caption. */
  table: (result: R, caption: string) => ReactNode;
}) {
  const state = useCheckedFile(load.mutateAsync, t('zones.file.choose'));
  const { outcome, previewed } = state;
  const toWrite = previewed ? previewed.created + previewed.changed : 0;
  const pending = load.isPending ? (load.variables?.dryRun ? 'check' : 'write') : null;

  const counts = (r: R) =>
    t(r.dryRun ? 'zones.file.wouldCounts' : 'zones.file.counts', { created: formatNumber(r.created), changed: formatNumber(r.changed), unchanged: formatNumber(r.unchanged) });

  return (
    <div className="upload">
      <CheckedFileForm
        state={state}
        help={help}
        example={example}
        label={t('zones.file.label')}
        accept={ACCEPT}
        pending={pending}
        checkLabel={{ idle: t('zones.file.check'), busy: t('zones.file.checking') }}
        confirm={previewed ? { label: confirmLabel(toWrite), busy: t('zones.file.loading'), disabled: toWrite === 0 } : null}
        onWrite={state.write}
      />
      <div ref={state.resultRef} tabIndex={-1} className="outcome" aria-live="polite">
        <CheckedFileRefusal
          outcome={outcome}
          titles={{
            tooLarge: (file) => t('zones.file.tooLarge', { file }),
            rejected: (file) => t('zones.file.rejected', { file }),
            nothingWritten: t('zones.file.nothingWritten'),
          }}
        />
        {outcome?.kind === 'preview' && (
          <>
            <Alert tone="info" title={t('zones.file.previewTitle', { file: outcome.file.name })}>
              {counts(outcome.result)} {toWrite > 0 ? t('zones.file.previewNext') : t('zones.file.nothingToDo')}
            </Alert>
            {table(outcome.result, t('zones.file.previewCaption'))}
          </>
        )}
        {outcome?.kind === 'done' && (
          <>
            <Alert tone="success" title={t('zones.file.loadedTitle', { file: outcome.file.name })}>
              {counts(outcome.result)}
            </Alert>
            {table(outcome.result, t('zones.file.loadedCaption'))}
          </>
        )}
      </div>
    </div>
  );
}

/** A column of the table of a loaded file (`ImportTable` adds the row number, the zone and the status). */
export interface ImportColumn<Row> {
  header: string;
  numeric?: boolean;
  /** The column that names the row (`th scope="row"`). */
  rowHeader?: boolean;
  cell: (row: Row) => ReactNode;
}

type ImportRow = { row: number; status: 'created' | 'changed' | 'unchanged' };

/**
 * The rows of a loaded file (zones or benchmarks): the file's row number, the zone the row is about
 * (the row's header), the `columns`, and what loading does with it (`detail`: what a change is).
 */
export function ImportTable<Row extends ImportRow>({
  rows,
  caption,
  zone,
  columns,
  detail,
}: {
  rows: Row[];
  caption: string;
  zone: (row: Row) => string;
  columns: ImportColumn<Row>[];
  detail: (row: Row) => string | undefined;
}) {
  const all: ImportColumn<Row>[] = [
    { header: t('problems.row'), numeric: true, cell: (r) => r.row },
    { header: t('zones.col.code'), rowHeader: true, cell: zone },
    ...columns,
    { header: t('zones.file.col.status'), cell: (r) => <StatusBadge status={r.status} detail={detail(r)} /> },
  ];
  const align = (c: ImportColumn<Row>) => (c.numeric ? 'numeric' : undefined);
  const cell = (c: ImportColumn<Row>, r: Row, i: number) =>
    c.rowHeader ? (
      <th key={i} scope="row" className="cell--label">
        {c.cell(r)}
      </th>
    ) : (
      <td key={i} className={align(c)}>
        {c.cell(r)}
      </td>
    );
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>{all.map((c, i) => <th key={i} scope="col" className={align(c)}>{c.header}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => <tr key={r.row}>{all.map((c, i) => cell(c, r, i))}</tr>)}
        </tbody>
      </table>
    </div>
  );
}

/** The status of a row of a file: new, changed (and what), unchanged. */
export function StatusBadge({ status, detail }: { status: 'created' | 'changed' | 'unchanged'; detail?: string }) {
  const text = t(`zones.file.status.${status}`);
  return <span className={`badge ${status === 'unchanged' ? 'badge--neutral' : 'badge--done'}`}>{status === 'changed' && detail ? `${text}: ${detail}` : text}</span>;
}
