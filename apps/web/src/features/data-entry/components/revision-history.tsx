import type { ClassificationProfile } from '@equity/shared';
import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { useRevision } from '../api/get-revision';
import { useRevisions } from '../api/get-revisions';
import { CellsTable } from './cells-table';

function RevisionCells({ profile, zone, period, number }: { profile: ClassificationProfile; zone: string; period: string; number: number }) {
  const query = useRevision(zone, period, number);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <CellsTable profile={profile} cells={query.data.cells} caption={t('history.cellsOf', { revision: number })} />;
}

/** Every revision of the quarter (who, when, why, from what), each viewable. */
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
      <div className="table-scroll">
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">{t('history.caption', { period })}</caption>
          <thead>
            <tr>
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
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      {viewing !== null && (
        <div ref={cellsRef} tabIndex={-1} className="revision-cells">
          <RevisionCells profile={profile} zone={zone} period={period} number={viewing} />
        </div>
      )}
    </>
  );
}
