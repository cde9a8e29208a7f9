import type { Problem } from '@equity/shared';
import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ProblemsList } from '../../../components/problems-list';
import { Alert } from '../../../components/ui/alert';
import { isApiError, refusalMessages } from '../../../lib/api-client';
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

type Outcome<R> =
  | { kind: 'preview' | 'loaded'; file: File; result: R }
  | { kind: 'rejected'; file: File; errors: Problem[]; more?: number }
  | { kind: 'refused'; file: File; messages: string[] }
  | { kind: 'failed'; message: string };

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
  const fileId = useId();
  const hintId = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome<R> | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  const previewed = outcome?.kind === 'preview' && outcome.file === file ? outcome.result : null;
  const toWrite = previewed ? previewed.created + previewed.changed : 0;
  const focusResult = () => requestAnimationFrame(() => resultRef.current?.focus());

  function failed(current: File) {
    return (error: unknown) => {
      const validation = isApiError(error) ? error.validation : null;
      if (validation) setOutcome({ kind: 'rejected', file: current, errors: validation.errors, more: validation.more });
      else if (isApiError(error) && error.status === 413) {
        const messages = refusalMessages(error.body);
        setOutcome({ kind: 'refused', file: current, messages: messages.length ? messages : [error.message] });
      } else setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      focusResult();
    };
  }

  function send(current: File, dryRun: boolean) {
    load.mutateAsync({ file: current, dryRun }).then((result) => {
      setOutcome({ kind: dryRun ? 'preview' : 'loaded', file: current, result });
      focusResult();
    }, failed(current));
  }

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setHint(t('zones.file.choose'));
    setHint(null);
    send(file, true);
  }

  const counts = (r: R) =>
    t(r.dryRun ? 'zones.file.wouldCounts' : 'zones.file.counts', { created: formatNumber(r.created), changed: formatNumber(r.changed), unchanged: formatNumber(r.unchanged) });

  return (
    <div className="upload">
      <form onSubmit={check} noValidate aria-describedby={hint ? hintId : undefined}>
        <p className="help">{help}</p>
        <pre className="code-sample">{example}</pre>
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
          {previewed && file && (
            <button type="button" className="button button--primary" disabled={load.isPending || toWrite === 0} onClick={() => send(file, false)}>
              {load.isPending && !load.variables?.dryRun ? t('zones.file.loading') : confirmLabel(toWrite)}
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
            {table(outcome.result, t('zones.file.previewCaption'))}
          </>
        )}
        {outcome?.kind === 'loaded' && (
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

/** The status of a row of a file: new, changed (and what), unchanged. */
export function StatusBadge({ status, detail }: { status: 'created' | 'changed' | 'unchanged'; detail?: string }) {
  const text = t(`zones.file.status.${status}`);
  return <span className={`badge ${status === 'unchanged' ? 'badge--neutral' : 'badge--done'}`}>{status === 'changed' && detail ? `${text}: ${detail}` : text}</span>;
}
