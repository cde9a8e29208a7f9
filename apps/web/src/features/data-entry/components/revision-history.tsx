import type { ClassificationProfile } from '@equity/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { useRevision } from '../api/get-revision';
import { useRevisions } from '../api/get-revisions';
import { CellsTable } from './cells-table';
import { changedCells } from '../utils/revision-diff';
import { ScrollTable } from '../../../components/table-parts';

function RevisionCells({ profile, zone, period, number }: { profile: ClassificationProfile; zone: string; period: string; number: number }) {
  const query = useRevision(zone, period, number);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <CellsTable profile={profile} cells={query.data.cells} caption={t('history.cellsOf', { revision: number })} />;
}

/** What changed between two revisions: the cells whose count differs, with both counts. */
function RevisionDiff({ profile, zone, period, numbers }: { profile: ClassificationProfile; zone: string; period: string; numbers: number[] }) {
  const earlierId = useId();
  const laterId = useId();
  const [later, setLater] = useState(numbers[0]!);
  const [earlier, setEarlier] = useState(numbers[1]!);
  const from = useRevision(zone, period, earlier);
  const to = useRevision(zone, period, later);
  const pick = (label: string, id: string, value: number, set: (n: number) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {t('history.revisionN', { revision: n })}
          </option>
        ))}
      </select>
    </div>
  );
  let body;
  if (from.isError) body = <ErrorState error={from.error} onRetry={() => void from.refetch()} />;
  else if (to.isError) body = <ErrorState error={to.error} onRetry={() => void to.refetch()} />;
  else if (!from.data || !to.data) body = <Loading />;
  else {
    const changed = changedCells(from.data.cells, to.data.cells);
    body = changed.length ? (
      <CellsTable
        profile={profile}
        cells={changed}
        caption={t('history.diffCaption', { earlier, later })}
        compare={{ before: t('history.revisionN', { revision: earlier }), after: t('history.revisionN', { revision: later }) }}
      />
    ) : (
      <p className="muted">{t('history.noDifference', { earlier, later })}</p>
    );
  }
  return (
    <section className="revision-diff" aria-label={t('history.compare')}>
      <h3>{t('history.compare')}</h3>
      <div className="toolbar">
        {pick(t('history.earlier'), earlierId, earlier, setEarlier)}
        {pick(t('history.later'), laterId, later, setLater)}
      </div>
      {body}
    </section>
  );
}

/** Every revision of the quarter (who, when, why, from what), each viewable; any two compared. */
export function RevisionHistory({
  profile,
  zone,
  period,
  currentRevision,
}: {
  profile: ClassificationProfile;
  zone: string;
  period: string;
  currentRevision: number | null;
}) {
  const query = useRevisions(zone, period);
  const [viewing, setViewing] = useState<number | null>(null);
  const cellsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (viewing !== null) cellsRef.current?.focus();
  }, [viewing]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <EmptyState>{t('history.empty')}</EmptyState>;

  return (
    <>
      <ScrollTable
        className="data-table data-table--compact"
        caption={t('history.caption', { period })}
        captionHidden
        head={
          <>
            <th scope="col" className="numeric">
              {t('history.number')}
            </th>
            <th scope="col">{t('history.when')}</th>
            <th scope="col">{t('history.author')}</th>
            <th scope="col">{t('history.reason')}</th>
            <th scope="col">{t('history.source')}</th>
            <th scope="col" className="numeric">
              {t('history.cells')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('history.actions')}</span>
            </th>
          </>
        }
      >
        {query.data.map((revision) => {
          const open = viewing === revision.number;
          return (
            <tr key={revision.number} className={open ? 'row--selected' : undefined}>
              <td className="numeric">
                {revision.number}
                {revision.number === currentRevision && <span className="badge badge--neutral badge--inline">{t('history.current')}</span>}
              </td>
              <td className="nowrap">{formatDateTime(revision.createdAt)}</td>
              <td>{revision.author}</td>
              <td>{revision.reason}</td>
              <td>{t(`source.${revision.source}`)}</td>
              <td className="numeric">{formatNumber(revision.cellCount)}</td>
              <td>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-expanded={open}
                  aria-label={open ? t('history.hide') : t('history.viewRevision', { revision: revision.number })}
                  onClick={() => setViewing(open ? null : revision.number)}
                >
                  {open ? t('history.hide') : t('history.view')}
                </button>
              </td>
            </tr>
          );
        })}
      </ScrollTable>
      {viewing !== null && (
        <div ref={cellsRef} tabIndex={-1} className="revision-cells">
          <RevisionCells profile={profile} zone={zone} period={period} number={viewing} />
        </div>
      )}
      {query.data.length > 1 && <RevisionDiff profile={profile} zone={zone} period={period} numbers={query.data.map((r) => r.number)} />}
    </>
  );
}
