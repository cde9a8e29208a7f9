import type { Problem } from '@equity/shared';
import { t } from '../../../lib/i18n';

function ProblemTable({
  problems,
  tone,
  caption,
  where,
  wholeLabel,
}: {
  problems: Problem[];
  tone: 'error' | 'warning';
  caption: string;
  where?: (problem: Problem) => string | undefined;
  wholeLabel: string;
}) {
  const showWhere = where !== undefined && problems.some((p) => where(p) !== undefined);
  const showValue = problems.some((p) => p.value !== undefined && p.value !== '');
  return (
    <div className={`problems problems--${tone}`}>
      <div className="table-scroll">
        <table className="data-table data-table--compact">
          <caption>
            <span className="problems__icon" aria-hidden="true">
              {tone === 'error' ? '✕' : '!'}
            </span>{' '}
            {caption}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="cell--narrow">
                {t('problems.row')}
              </th>
              <th scope="col">{t('problems.column')}</th>
              {showWhere && <th scope="col">{t('problems.where')}</th>}
              <th scope="col">{t('problems.message')}</th>
              {showValue && <th scope="col">{t('problems.value')}</th>}
            </tr>
          </thead>
          <tbody>
            {problems.map((problem, i) => (
              <tr key={`${problem.row ?? 'x'}-${problem.column ?? 'x'}-${problem.code}-${i}`}>
                <td className="cell--narrow numeric">{problem.row ?? '—'}</td>
                <td>{problem.column ? <code>{problem.column}</code> : <span className="muted">{wholeLabel}</span>}</td>
                {showWhere && <td>{where?.(problem) ?? ''}</td>}
                <td>{problem.message}</td>
                {showValue && <td>{problem.value !== undefined && problem.value !== '' ? <code>{problem.value}</code> : ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Errors (clearly marked, all at once) and warnings of a validation, each with its row and column. */
export function ProblemsList({
  errors,
  warnings,
  where,
  wholeLabel = t('problems.whole'),
}: {
  errors: Problem[];
  warnings: Problem[];
  where?: (problem: Problem) => string | undefined;
  wholeLabel?: string;
}) {
  return (
    <>
      {errors.length > 0 && (
        <ProblemTable
          problems={errors}
          tone="error"
          caption={t('problems.errorsCaption', { count: errors.length })}
          where={where}
          wholeLabel={wholeLabel}
        />
      )}
      {warnings.length > 0 && (
        <ProblemTable
          problems={warnings}
          tone="warning"
          caption={t('problems.warningsCaption', { count: warnings.length })}
          where={where}
          wholeLabel={wholeLabel}
        />
      )}
    </>
  );
}
