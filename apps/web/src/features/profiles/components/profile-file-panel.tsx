import type { Problem, ProfileChange, ProfileUploadResult } from '@equity/shared';
import { CheckedFileForm, CheckedFileRefusal, useCheckedFile } from '../../../components/checked-file';
import { Alert } from '../../../components/ui/alert';
import { formatNumber } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { useUploadProfile } from '../api/profiles';

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
  const state = useCheckedFile(upload.mutateAsync, t('profiles.file.choose'), withProfilePaths);
  const { outcome, previewed } = state;
  const pending = upload.isPending ? (upload.variables?.dryRun ? 'check' : 'write') : null;

  return (
    <div className="upload">
      <CheckedFileForm
        state={state}
        help={t('profiles.file.help')}
        example={t('profiles.file.example')}
        label={t('profiles.file.label')}
        accept={ACCEPT}
        pending={pending}
        checkLabel={{ idle: t('profiles.file.check'), busy: t('profiles.file.checking') }}
        confirm={previewed && previewed.status !== 'unchanged' ? { label: t('profiles.file.save'), busy: t('profiles.file.saving') } : null}
        onWrite={state.write}
      />
      <div ref={state.resultRef} tabIndex={-1} className="outcome" aria-live="polite">
        <CheckedFileRefusal
          outcome={outcome}
          titles={{
            tooLarge: (file) => t('profiles.file.tooLarge', { file }),
            rejected: (file) => t('profiles.file.rejected', { file }),
            nothingWritten: t('profiles.file.nothingStored'),
          }}
        />
        {outcome?.kind === 'preview' && (
          <>
            <Alert tone="info" title={t('profiles.file.previewTitle', { file: outcome.file.name })}>
              {statusText(outcome.result)} {outcome.result.status !== 'unchanged' ? t('profiles.file.previewNext') : ''}
            </Alert>
            <UploadSummary result={outcome.result} />
          </>
        )}
        {outcome?.kind === 'done' && (
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
