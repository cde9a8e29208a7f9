import type { ClassificationProfile, Problem } from '@equity/shared';
import { formatNumber } from '../lib/format';
import { t, tCount } from '../lib/i18n';
import { problemColumnText, problemText } from '../lib/problem-text';

function ProblemTable({
  problems,
  tone,
  caption,
  where,
  wholeLabel,
  more = 0,
  profile,
}: {
  problems: Problem[];
  tone: 'error' | 'warning';
  caption: string;
  where?: (problem: Problem) => string | undefined;
  wholeLabel: string;
  /** Problems found beyond those listed (the API lists the first MAX_PROBLEMS by row). */
  more?: number;
  profile?: ClassificationProfile;
}) {
  const showWhere = where !== undefined && problems.some((p) => where(p) !== undefined);
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
            </tr>
          </thead>
          <tbody>
            {problems.map((problem, i) => (
              <tr key={`${problem.row ?? 'x'}-${problem.column ?? 'x'}-${problem.code}-${i}`}>
                <td className="cell--narrow numeric">{problem.row ?? '—'}</td>
                <td>{problem.column ? <code>{problemColumnText(problem, profile)}</code> : (problemColumnText(problem, profile) ?? <span className="muted">{wholeLabel}</span>)}</td>
                {showWhere && <td>{where?.(problem) ?? ''}</td>}
                <td>{problemText(problem, profile)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 && <p className="problems__more">{tCount('problems.more', more, { n: formatNumber(more) })}</p>}
    </div>
  );
}

/**
 * Errors (clearly marked, all at once) and warnings of a validation, each with its row and column.
 * Typed values are never quoted back by the API, so there is no value column. When the API capped
 * the list (`truncated`), `more` says how many errors were found beyond those listed.
 */
export function ProblemsList({
  errors,
  warnings,
  more,
  where,
  wholeLabel = t('problems.whole'),
  profile,
}: {
  errors: Problem[];
  warnings: Problem[];
  more?: number;
  where?: (problem: Problem) => string | undefined;
  wholeLabel?: string;
  /** The zone's classification profile: names the categories and classifications the problems mention. */
  profile?: ClassificationProfile;
}) {
  const tables = [
    { problems: errors, tone: 'error' as const, captionKey: 'problems.errorsCaption' as const, more, shown: errors.length > 0 || (more ?? 0) > 0 },
    { problems: warnings, tone: 'warning' as const, captionKey: 'problems.warningsCaption' as const, more: undefined, shown: warnings.length > 0 },
  ];
  return (
    <>
      {tables.map(
        (table) =>
          table.shown && (
            <ProblemTable
              key={table.tone}
              problems={table.problems}
              tone={table.tone}
              caption={tCount(table.captionKey, table.problems.length, { n: formatNumber(table.problems.length) })}
              where={where}
              wholeLabel={wholeLabel}
              more={table.more}
              profile={profile}
            />
          ),
      )}
    </>
  );
}
