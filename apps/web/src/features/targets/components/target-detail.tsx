import type { TargetProgressDto } from '@equity/shared';
import { lazy, Suspense, useId, useMemo } from 'react';
import { Link } from 'react-router';
import { NoValue } from '../../../components/rate-value';
import { ChartTable } from '../../../components/chart-table';
import { TargetBadge } from '../../../components/ui/target-badge';
import { Loading } from '../../../components/ui/loading';
import { downloadCsv, toCsv } from '../../../lib/csv';
import { formatDateTime } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { metricName, targetValueText } from '../../../lib/target-text';
import { detailCsv, detailRows, hasFlow, rowTexts } from '../utils/detail-rows';

const TargetChart = lazy(() => import('./target-chart'));

/** One target: its chart (trajectory against actual values), the same figures as a table, and their CSV. */
export function TargetDetail({ target, zoneName }: { target: TargetProgressDto; zoneName: string }) {
  const headingId = useId();
  const rows = useMemo(() => detailRows(target), [target]);
  const flow = hasFlow(rows);
  const group = label(target.group.label);
  const title = t('targets.detail.title', { metric: metricName(target.metric), group, zone: zoneName });
  const anyActual = rows.some((r) => r.actual !== null);
  const lastWithData = target.current?.period;

  const download = () =>
    downloadCsv(toCsv(detailCsv(rows, target)), `equity-target-${target.zone}-${target.id}-${target.metric}.csv`);

  return (
    <section className="target-detail" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p className="small">
        {t('targets.detail.goal', { value: targetValueText(target), deadline: target.deadlinePeriod, baseline: target.baselinePeriod })}
        {target.note && (
          <>
            {' '}
            · <span className="target-detail__note">{target.note}</span>
          </>
        )}
      </p>
      <p className="small muted">
        {t('targets.detail.meta', { who: target.createdBy, when: formatDateTime(target.updatedAt) })} ·{' '}
        <Link to={`/report/${encodeURIComponent(target.zone)}?group=${encodeURIComponent(`${target.group.dimension}:${target.group.code}`)}`}>
          {t('targets.detail.report')}
        </Link>
      </p>
      <div className="target-detail__body">
        <div>
          {anyActual ? (
            <Suspense fallback={<Loading text={t('dashboard.chart.loading')} />}>
              <TargetChart target={target} rows={rows} ariaLabel={t('targets.chart.label', { title })} />
            </Suspense>
          ) : (
            <p className="muted">{t('targets.detail.noActual')}</p>
          )}
          {lastWithData && <p className="small muted">{t('targets.detail.gaps')}</p>}
        </div>
        <ChartTable
          title={title}
          open
          className="target-detail__table"
          headings={
            <>
              <th scope="col">{t('targets.detail.actual')}</th>
              <th scope="col">{t('targets.detail.trajectory')}</th>
              <th scope="col">{t('targets.detail.gap')}</th>
              <th scope="col">{t('targets.detail.status')}</th>
              {flow && <th scope="col">{t('targets.detail.flow')}</th>}
            </>
          }
          rows={rows}
          period={(row) => row.period}
          rowClass={(row) => (row.status === null ? 'row--future' : undefined)}
          cells={(row) => {
            const texts = rowTexts(row, target);
            return (
              <>
                <td className={row.actual === null && row.unavailable === null ? 'muted' : undefined}>
                  {row.actual === null && row.status !== null ? <NoValue reason={row.unavailable} none={texts.actual} /> : texts.actual}
                </td>
                <td>{texts.trajectory}</td>
                <td>{texts.gap}</td>
                <td>{row.status === null ? texts.status : <TargetBadge status={row.status} />}</td>
                {flow && <td>{texts.flow}</td>}
              </>
            );
          }}
        />
      </div>
      <p>
        <button type="button" className="button button--secondary button--small" onClick={download}>
          {t('targets.detail.download')}
        </button>
      </p>
    </section>
  );
}
