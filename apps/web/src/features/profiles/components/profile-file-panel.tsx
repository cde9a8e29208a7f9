import type { Problem, ProfileChange, ProfileUploadResult } from '@equity/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ProblemsList } from '../../../components/problems-list';
import { Alert } from '../../../components/ui/alert';
import { isApiError, refusalMessages } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { useUploadProfile } from '../api/profiles';

type Outcome =
  | { kind: 'preview' | 'saved'; file: File; result: ProfileUploadResult }
  | { kind: 'rejected'; file: File; errors: Problem[]; more?: number }
  | { kind: 'refused'; file: File; messages: string[] }
  | { kind: 'failed'; message: string };

const ACCEPT = '.json,.yaml,.yml,application/json,application/yaml,text/yaml';

/**
 * The profile's own code is at the path `code`, which the problem list would otherwise name as a
 * zone's number (the zones file's column of that name).
 */
const withProfilePaths = (errors: Problem[]): Problem[] => errors.map((p) => (p.column === 'code' ? { ...p, column: t('profiles.file.codeField') } : p));

/**
 * Adding a classification profile, or a new version of one, from a JSON or YAML file: the file is
 * checked first (nothing stored) and the preview says whether it is new or version n+1 and what
 * changes; "Save the profile" then stores it. Every problem is listed with its path in the file;
 * the outcome is announced (aria-live) and takes focus.
 */
export function ProfileFilePanel() {
  const upload = useUploadProfile();
  const fileId = useId();
  const hintId = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  const previewed = outcome?.kind === 'preview' && outcome.file === file ? outcome.result : null;
  const focusResult = () => requestAnimationFrame(() => resultRef.current?.focus());

  function send(current: File, dryRun: boolean) {
    upload.mutateAsync({ file: current, dryRun }).then(
      (result) => {
        setOutcome({ kind: dryRun ? 'preview' : 'saved', file: current, result });
        focusResult();
      },
      (error: unknown) => {
        const validation = isApiError(error) ? error.validation : null;
        if (validation) setOutcome({ kind: 'rejected', file: current, errors: withProfilePaths(validation.errors), more: validation.more });
        else if (isApiError(error) && error.status === 413) {
          const messages = refusalMessages(error.body);
          setOutcome({ kind: 'refused', file: current, messages: messages.length ? messages : [error.message] });
        } else setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
        focusResult();
      },
    );
  }

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setHint(t('profiles.file.choose'));
    setHint(null);
    send(file, true);
  }

  return (
    <div className="upload">
      <form onSubmit={check} noValidate aria-describedby={hint ? hintId : undefined}>
        <p className="help">{t('profiles.file.help')}</p>
        <pre className="code-sample">{t('profiles.file.example')}</pre>
        <div className="field">
          <label htmlFor={fileId}>{t('profiles.file.label')}</label>
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
          <button type="submit" className="button button--secondary" disabled={upload.isPending}>
            {upload.isPending && upload.variables?.dryRun ? t('profiles.file.checking') : t('profiles.file.check')}
          </button>
          {previewed && file && previewed.status !== 'unchanged' && (
            <button type="button" className="button button--primary" disabled={upload.isPending} onClick={() => send(file, false)}>
              {upload.isPending && !upload.variables?.dryRun ? t('profiles.file.saving') : t('profiles.file.save')}
            </button>
          )}
        </div>
      </form>
      <div ref={resultRef} tabIndex={-1} className="outcome" aria-live="polite">
        {outcome?.kind === 'failed' && <Alert tone="error">{outcome.message}</Alert>}
        {outcome?.kind === 'refused' && (
          <Alert tone="error" title={t('profiles.file.tooLarge', { file: outcome.file.name })}>
            {outcome.messages.join(' ')}
          </Alert>
        )}
        {outcome?.kind === 'rejected' && (
          <>
            <Alert tone="error" title={t('profiles.file.rejected', { file: outcome.file.name })}>
              {t('profiles.file.nothingStored')}
            </Alert>
            <ProblemsList errors={outcome.errors} warnings={[]} more={outcome.more} />
          </>
        )}
        {outcome?.kind === 'preview' && (
          <>
            <Alert tone="info" title={t('profiles.file.previewTitle', { file: outcome.file.name })}>
              {statusText(outcome.result)} {outcome.result.status !== 'unchanged' ? t('profiles.file.previewNext') : ''}
            </Alert>
            <UploadSummary result={outcome.result} />
          </>
        )}
        {outcome?.kind === 'saved' && (
          <>
            <Alert tone="success" title={t('profiles.file.savedTitle', { file: outcome.file.name })}>
              {outcome.result.status === 'unchanged' ? statusText(outcome.result) : savedText(outcome.result)}
            </Alert>
            <UploadSummary result={outcome.result} />
          </>
        )}
      </div>
    </div>
  );
}

const numbers = (r: ProfileUploadResult) => ({ code: r.code, version: formatNumber(r.version), previous: formatNumber(r.previousVersion ?? 0) });

function statusText(r: ProfileUploadResult): string {
  return t(`profiles.file.status.${r.status}`, numbers(r));
}

function savedText(r: ProfileUploadResult): string {
  return t(r.status === 'created' ? 'profiles.file.saved.created' : 'profiles.file.saved.changed', numbers(r));
}

function changeWhat(c: ProfileChange): string {
  return t(`profiles.file.kind.${c.kind}`, { dimension: c.dimension ?? '' });
}

/** The profile in the file (code, name, sizes, zones) and, for a new version, what it changes. */
function UploadSummary({ result }: { result: ProfileUploadResult }) {
  return (
    <>
      <dl className="summary-list panel" aria-label={t('profiles.file.summaryCaption')}>
        <div>
          <dt>{t('profiles.col.code')}</dt>
          <dd>{result.code}</dd>
        </div>
        <div>
          <dt>{t('profiles.col.name')}</dt>
          <dd>{label(result.name)}</dd>
        </div>
        <div>
          <dt>{t('profiles.col.version')}</dt>
          <dd>{formatNumber(result.version)}</dd>
        </div>
        <div>
          <dt>{t('profiles.col.categories')}</dt>
          <dd>{formatNumber(result.categories)}</dd>
        </div>
        <div>
          <dt>{t('profiles.col.dimensions')}</dt>
          <dd>{formatNumber(result.dimensions)}</dd>
        </div>
        <div>
          <dt>{t('profiles.file.zones')}</dt>
          <dd>{formatNumber(result.zones)}</dd>
        </div>
      </dl>
      {result.status === 'changed' && (
        <div className="table-scroll">
          <table className="data-table data-table--compact">
            <caption>{t('profiles.file.changesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profiles.file.col.what')}</th>
                <th scope="col">{t('profiles.file.col.code')}</th>
                <th scope="col">{t('profiles.file.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.length === 0 ? (
                <tr>
                  <td colSpan={3}>{t('profiles.file.noChanges')}</td>
                </tr>
              ) : (
                result.changes.map((c) => (
                  <tr key={`${c.kind}-${c.dimension ?? ''}-${c.code}`}>
                    <td>{changeWhat(c)}</td>
                    <th scope="row" className="cell--label">
                      <code>{c.code}</code>
                    </th>
                    <td>{t(`profiles.file.change.${c.change}`)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
