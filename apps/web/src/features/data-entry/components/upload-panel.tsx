import type { ClassificationProfile, Problem, StaleRevisionBody, SubmitResult, ValidationReport } from '@equity/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/ui/alert';
import { isApiError, problemCount, refusalMessages } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { queryKeys } from '../../../lib/query-keys';
import { type TemplateFormat, type TemplateKind, useDownloadTemplate } from '../api/download-template';
import { UPLOAD_FORMATS, usePreviewUpload, useSubmitUpload, type UploadFormat } from '../api/upload-return';
import { CellsTable } from './cells-table';
import { CodeList } from './code-list';
import { ProblemsList } from '../../../components/problems-list';
import { StaleRevision } from './stale-revision';

type Result =
  | { kind: 'report'; file: File; report: ValidationReport }
  | { kind: 'rejected'; file: File; message: string; errors: Problem[]; warnings: Problem[]; more?: number }
  /** 409 (the quarter is signed off) or 413 (the file is past a limit): the server's words, as they are. */
  | { kind: 'refused'; file: File; title: string; messages: string[] }
  | { kind: 'failed'; message: string }
  | { kind: 'stale'; file: File; report: ValidationReport; conflict: StaleRevisionBody };

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload of a CSV/XLSX extract: preview (dry run) first, submit when the preview has no errors. */
export function UploadPanel({
  profile,
  zone,
  period,
  currentRevision,
  locked,
  onSaved,
}: {
  profile: ClassificationProfile;
  zone: string;
  period: string;
  /** The revision the upload would replace (null: none yet), sent as If-Match. */
  currentRevision: number | null;
  locked: boolean;
  onSaved: (result: SubmitResult) => void;
}) {
  const fileId = useId();
  const formatId = useId();
  const reasonId = useId();
  const hintId = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<UploadFormat>('auto');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const previewMutation = usePreviewUpload();
  const submitMutation = useSubmitUpload();
  const queryClient = useQueryClient();
  const [base, setBase] = useState<number | null>(currentRevision);
  const templateMutation = useDownloadTemplate();
  const busy = previewMutation.isPending || submitMutation.isPending;

  const previewed = result?.kind === 'report' && result.file === file ? result.report : null;
  const canSubmit = !locked && !busy && previewed !== null && previewed.valid && reason.trim() !== '';
  const blocker =
    previewed === null ? t('upload.needPreview') : !previewed.valid ? t('upload.needPreview') : reason.trim() === '' ? t('upload.needReason') : null;
  const blockerId = useId();

  function reset() {
    setResult(null);
    setHint(null);
  }

  function focusResult() {
    requestAnimationFrame(() => resultRef.current?.focus());
  }

  function failure(current: File, report?: ValidationReport) {
    return (error: Error) => {
      const validation = isApiError(error) ? error.validation : null;
      const stale = isApiError(error) ? error.stale : null;
      if (stale && report) {
        setResult({ kind: 'stale', file: current, report, conflict: stale });
        return focusResult();
      }
      const refusal = isApiError(error) && (error.status === 409 || error.status === 413) ? error : null;
      if (validation) {
        setResult({ kind: 'rejected', file: current, message: error.message, errors: validation.errors, warnings: validation.warnings, more: validation.more });
      } else if (refusal) {
        const messages = refusalMessages(refusal.body);
        setResult({
          kind: 'refused',
          file: current,
          title: t(refusal.status === 409 ? 'upload.refused.signedOff' : 'upload.refused.tooLarge'),
          messages: messages.length > 0 ? messages : [refusal.message],
        });
      } else {
        setResult({ kind: 'failed', message: error.message });
      }
      focusResult();
    };
  }

  function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setHint(t('upload.chooseFile'));
      return;
    }
    setHint(null);
    setSent(0);
    previewMutation.mutate(
      { zone, period, file, reason: reason.trim(), format, onProgress: setSent },
      {
        onSuccess: (report) => {
          setResult({ kind: 'report', file, report });
          focusResult();
        },
        onError: failure(file),
      },
    );
  }

  function submit(against: number | null = base) {
    if (!file) return setHint(t('upload.chooseFile'));
    if (!previewed || !previewed.valid) return setHint(t('upload.needPreview'));
    if (reason.trim() === '') return setHint(t('upload.needReason'));
    setHint(null);
    setSent(0);
    // The promise, not mutate's callbacks: saving refetches the return, whose new revision remounts
    // this panel, and mutate's callbacks do not run once the panel that called it is gone.
    submitMutation.mutateAsync({ zone, period, file, reason: reason.trim(), format, onProgress: setSent, base: against }).then(onSaved, failure(file, previewed));
  }

  /** After a conflict: the file submitted again, over the newest revision. */
  function overwrite(stale: Extract<Result, { kind: 'stale' }>) {
    const newest = stale.conflict.currentRevision?.number ?? null;
    setBase(newest);
    // The preview stays what it was: the file has not changed.
    setResult({ kind: 'report', file: stale.file, report: stale.report });
    if (!file) return;
    setSent(0);
    submitMutation
      .mutateAsync({ zone, period, file, reason: reason.trim(), format, onProgress: setSent, base: newest })
      .then(onSaved, failure(stale.file, stale.report));
  }

  /** After a conflict: the newest revision loaded (this panel starts again). */
  function reload() {
    setResult(null);
    void queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) });
  }

  const download = (kind: TemplateKind, format: TemplateFormat) => templateMutation.mutate({ kind, format });

  return (
    <div className="upload">
      <form className="upload__form" onSubmit={preview} noValidate aria-describedby={hint ? hintId : undefined}>
        <fieldset disabled={locked} className="plain-fieldset">
          <legend className="visually-hidden">{t('upload.heading')}</legend>
          {locked && <Alert tone="info">{t('form.locked')}</Alert>}
          <p className="help">{t('upload.help')}</p>
          <div className="field-row">
            <div className="field">
              <label htmlFor={fileId}>{t('upload.file')}</label>
              <input
                id={fileId}
                type="file"
                accept={ACCEPT}
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  reset();
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={formatId}>{t('upload.format')}</label>
              <select
                id={formatId}
                value={format}
                onChange={(event) => {
                  setFormat(event.target.value as UploadFormat);
                  reset();
                }}
              >
                {UPLOAD_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`upload.format.${f}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field field--wide">
            <label htmlFor={reasonId}>
              {t('upload.reason')} <span className="required" aria-hidden="true">*</span>
            </label>
            <input id={reasonId} type="text" value={reason} required onChange={(event) => setReason(event.target.value)} />
          </div>
          {hint && (
            <p id={hintId} className="field__error" role="alert">
              {hint}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button button--secondary" disabled={busy}>
              {previewMutation.isPending ? t('upload.previewing') : t('upload.preview')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={!canSubmit}
              aria-describedby={blocker ? blockerId : undefined}
              onClick={() => submit()}
            >
              {submitMutation.isPending ? t('upload.submitting') : t('upload.submit')}
            </button>
          </div>
          {busy && (
            <div className="upload__progress" role="status">
              <label htmlFor={`${blockerId}-progress`}>{sent < 1 ? t('upload.sending', { percent: Math.round(sent * 100) }) : t('upload.reading')}</label>
              <progress id={`${blockerId}-progress`} max={1} value={sent < 1 ? sent : undefined} />
            </div>
          )}
          {blocker && !locked && (
            <p id={blockerId} className="help">
              {blocker}
            </p>
          )}
        </fieldset>
        <div className="templates">
          <span className="templates__title">{t('upload.templates')}:</span>
          <button type="button" className="link-button" onClick={() => download('cells', 'xlsx')}>
            {t('upload.template.cellsXlsx')}
          </button>
          <button type="button" className="link-button" onClick={() => download('cells', 'csv')}>
            {t('upload.template.cells')}
          </button>
          <button type="button" className="link-button" onClick={() => download('per-person', 'xlsx')}>
            {t('upload.template.perPersonXlsx')}
          </button>
          <button type="button" className="link-button" onClick={() => download('per-person', 'csv')}>
            {t('upload.template.perPerson')}
          </button>
          {templateMutation.isError && <span className="field__error">{templateMutation.error.message}</span>}
        </div>
        <CodeList profile={profile} />
      </form>

      <div ref={resultRef} tabIndex={-1} className="outcome" aria-live="polite">
        {result?.kind === 'failed' && <Alert tone="error">{result.message}</Alert>}
        {result?.kind === 'stale' && <StaleRevision conflict={result.conflict} busy={busy} onReload={reload} onOverwrite={() => overwrite(result)} />}
        {result?.kind === 'refused' && (
          <Alert tone="error" title={`${result.title} (${result.file.name})`}>
            {result.messages.length === 1 ? (
              result.messages[0]
            ) : (
              <ul>
                {result.messages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </Alert>
        )}
        {result?.kind === 'rejected' && (
          <>
            <Alert tone="error" title={result.file.name}>
              {result.message}
            </Alert>
            <ProblemsList errors={result.errors} warnings={result.warnings} more={result.more} profile={profile} />
          </>
        )}
        {result?.kind === 'report' && <Report profile={profile} fileName={result.file.name} report={result.report} />}
      </div>
    </div>
  );
}

function Report({ profile, fileName, report }: { profile: ClassificationProfile; fileName: string; report: ValidationReport }) {
  return (
    <section className="report" aria-label={t('upload.report.heading', { file: fileName })}>
      <h3>{t('upload.report.heading', { file: fileName })}</h3>
      {report.valid ? (
        <Alert tone="success">
          {t('upload.report.valid', {
            rows: tCount('upload.report.rowCount', report.rowsRead, { n: formatNumber(report.rowsRead) }),
            cells: tCount('cells.total', report.cells.length, { n: formatNumber(report.cells.length) }),
          })}
        </Alert>
      ) : (
        <Alert tone="error">{tCount('upload.report.invalid', problemCount(report), { n: formatNumber(problemCount(report)) })}</Alert>
      )}
      <dl className="summary-list">
        <div>
          <dt>{t('upload.report.format')}</dt>
          <dd>{t(`report.format.${report.format}`)}</dd>
        </div>
        <div>
          <dt>{t('upload.report.rowsRead')}</dt>
          <dd>{formatNumber(report.rowsRead)}</dd>
        </div>
        <div>
          <dt>{t('upload.report.cells')}</dt>
          <dd>{formatNumber(report.cells.length)}</dd>
        </div>
      </dl>
      <ProblemsList errors={report.errors} warnings={report.warnings} more={report.more} profile={profile} />
      {report.cells.length > 0 && <CellsTable profile={profile} cells={report.cells} caption={t('upload.report.cellsHeading')} />}
    </section>
  );
}
