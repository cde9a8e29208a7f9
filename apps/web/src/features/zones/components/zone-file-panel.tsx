import type { Problem, ZoneImportResult, ZoneImportRow } from '@equity/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ProblemsList } from '../../../components/problems-list';
import { Alert } from '../../../components/ui/alert';
import { isApiError, refusalMessages } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { useLoadZoneFile } from '../api/zones';

type Outcome =
  | { kind: 'preview'; file: File; result: ZoneImportResult }
  | { kind: 'loaded'; file: File; result: ZoneImportResult }
  | { kind: 'rejected'; file: File; message: string; errors: Problem[]; more?: number }
  | { kind: 'refused'; file: File; messages: string[] }
  | { kind: 'failed'; message: string };

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Loading zones from a CSV file: the file is checked first (nothing written) and its preview says
 * what each row would do; "Load" then writes them all at once. Every problem of the file is listed
 * by row and column, and the outcome is announced (aria-live) and takes focus.
 */
export function ZoneFilePanel() {
  const fileId = useId();
  const hintId = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const load = useLoadZoneFile();

  const previewed = outcome?.kind === 'preview' && outcome.file === file ? outcome.result : null;
  const toWrite = previewed ? previewed.created + previewed.changed : 0;
  const focusResult = () => requestAnimationFrame(() => resultRef.current?.focus());

  function failed(current: File) {
    return (error: Error) => {
      const validation = isApiError(error) ? error.validation : null;
      if (validation) setOutcome({ kind: 'rejected', file: current, message: error.message, errors: validation.errors, more: validation.more });
      else if (isApiError(error) && error.status === 413) setOutcome({ kind: 'refused', file: current, messages: refusalMessages(error.body).length ? refusalMessages(error.body) : [error.message] });
      else setOutcome({ kind: 'failed', message: error.message });
      focusResult();
    };
  }

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setHint(t('zones.file.choose'));
    setHint(null);
    load.mutate({ file, dryRun: true }, { onSuccess: (result) => (setOutcome({ kind: 'preview', file, result }), focusResult()), onError: failed(file) });
  }

  function confirm() {
    if (!file || !previewed) return;
    load.mutate({ file, dryRun: false }, { onSuccess: (result) => (setOutcome({ kind: 'loaded', file, result }), focusResult()), onError: failed(file) });
  }

  return (
    <div className="upload">
      <form onSubmit={check} noValidate aria-describedby={hint ? hintId : undefined}>
        <p className="help">{t('zones.file.help')}</p>
        <pre className="code-sample">{t('zones.file.example')}</pre>
        <div className="field">
          <label htmlFor={fileId}>{t('zones.file.label')}</label>
          <input
            id={fileId}
            type="file"
            accept={ACCEPT}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
              setHint(null);
            }}
          />
        </div>
        {hint && (
          <p id={hintId} className="field__error" role="alert">
            {hint}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--secondary" disabled={load.isPending}>
            {load.isPending && load.variables?.dryRun ? t('zones.file.checking') : t('zones.file.check')}
          </button>
          {previewed && (
            <button type="button" className="button button--primary" disabled={load.isPending || toWrite === 0} onClick={confirm}>
              {load.isPending && !load.variables?.dryRun ? t('zones.file.loading') : tCount('zones.file.confirm', toWrite, { count: formatNumber(toWrite) })}
            </button>
          )}
        </div>
      </form>
      <div ref={resultRef} tabIndex={-1} className="outcome" aria-live="polite">
        {outcome?.kind === 'failed' && <Alert tone="error">{outcome.message}</Alert>}
        {outcome?.kind === 'refused' && (
          <Alert tone="error" title={t('zones.file.tooLarge', { file: outcome.file.name })}>
            {outcome.messages.join(' ')}
          </Alert>
        )}
        {outcome?.kind === 'rejected' && (
          <>
            <Alert tone="error" title={t('zones.file.rejected', { file: outcome.file.name })}>
              {t('zones.file.nothingWritten')}
            </Alert>
            <ProblemsList errors={outcome.errors} warnings={[]} more={outcome.more} />
          </>
        )}
        {outcome?.kind === 'preview' && (
          <>
            <Alert tone="info" title={t('zones.file.previewTitle', { file: outcome.file.name })}>
              {counts(outcome.result)} {toWrite > 0 ? t('zones.file.previewNext') : t('zones.file.nothingToDo')}
            </Alert>
            <ImportTable rows={outcome.result.rows} caption={t('zones.file.previewCaption')} />
          </>
        )}
        {outcome?.kind === 'loaded' && (
          <>
            <Alert tone="success" title={t('zones.file.loadedTitle', { file: outcome.file.name })}>
              {counts(outcome.result)}
            </Alert>
            <ImportTable rows={outcome.result.rows} caption={t('zones.file.loadedCaption')} />
          </>
        )}
      </div>
    </div>
  );
}

const counts = (r: ZoneImportResult) =>
  t(r.dryRun ? 'zones.file.wouldCounts' : 'zones.file.counts', { created: formatNumber(r.created), changed: formatNumber(r.changed), unchanged: formatNumber(r.unchanged) });

function statusText(row: ZoneImportRow): string {
  if (row.status !== 'changed') return t(`zones.file.status.${row.status}`);
  return `${t('zones.file.status.changed')}: ${row.changes.map((c) => t(`zones.file.change.${c}`)).join(', ')}`;
}

function ImportTable({ rows, caption }: { rows: ZoneImportRow[]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              {t('problems.row')}
            </th>
            <th scope="col">{t('zones.col.code')}</th>
            <th scope="col">{t('zones.field.nameNl')}</th>
            <th scope="col">{t('zones.field.nameFr')}</th>
            <th scope="col">{t('zones.col.profile')}</th>
            <th scope="col" className="numeric">
              {t('zones.col.communes')}
            </th>
            <th scope="col">{t('zones.file.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row}>
              <td className="numeric">{r.row}</td>
              <th scope="row" className="cell--label">
                {r.code}
              </th>
              <td>{r.nameNl}</td>
              <td>{r.nameFr}</td>
              <td>{r.profile}</td>
              <td className="numeric">{formatNumber(r.communes.length)}</td>
              <td>
                <span className={`badge ${r.status === 'unchanged' ? 'badge--neutral' : 'badge--done'}`}>{statusText(r)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
