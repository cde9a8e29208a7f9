import type { ClassificationProfile, TargetProgressDto } from '@equity/shared';
import { NoValue } from '../../../components/rate-value';
import { EmptyState } from '../../../components/ui/empty-state';
import { TargetBadge } from '../../../components/ui/target-badge';
import { statusIn } from '../../../lib/api/get-targets';
import { label, t } from '../../../lib/i18n';
import { categoryLabel } from '../../../lib/profile-utils';
import { metricName, projectionText, targetFigureText, targetValueText } from '../../../lib/target-text';

/** The zone's targets: the goal, the value and status in the report's quarter, and the projection. */
export function ReportTargets({ targets, period, profile }: { targets: TargetProgressDto[]; period: string; profile: ClassificationProfile }) {
  if (targets.length === 0) return <EmptyState>{t('report.targets.none')}</EmptyState>;
  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('report.targets.caption', { period })}>
        <table className="data-table report-targets">
          <caption className="visually-hidden">{t('report.targets.caption', { period })}</caption>
          <thead>
            <tr>
              <th scope="col" className="cell--label">
                {t('targets.col.group')}
              </th>
              <th scope="col">{t('targets.col.metric')}</th>
              <th scope="col">{t('targets.col.categories')}</th>
              <th scope="col">{t('report.targets.goal')}</th>
              <th scope="col">{t('report.targets.value', { period })}</th>
              <th scope="col">{t('report.targets.status', { period })}</th>
              <th scope="col">{t('targets.col.projection')}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => {
              const point = target.points.find((p) => p.period === period);
              return (
                <tr key={target.id}>
                  <th scope="row" className="cell--label">
                    {label(target.group.label)}
                  </th>
                  <td>{metricName(target.metric)}</td>
                  <td>{target.categories.length === 0 ? t('targets.categories.all') : target.categories.map((c) => categoryLabel(profile, c)).join(', ')}</td>
                  <td>{t('report.targets.goalText', { value: targetValueText(target), baseline: target.baselinePeriod, deadline: target.deadlinePeriod })}</td>
                  <td className={point?.actual == null && !point?.unavailable ? 'muted' : undefined}>
                    {!point ? (
                      t('report.targets.beforeBaseline')
                    ) : point.actual === null ? (
                      <NoValue reason={point.unavailable ?? null} none={targetFigureText(null, target.metric)} />
                    ) : (
                      targetFigureText(point.actual, target.metric)
                    )}
                  </td>
                  <td>
                    <TargetBadge status={statusIn(target, period)} />
                  </td>
                  <td>{projectionText(target.projection)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="legend small">{t('report.targets.legend')}</p>
    </>
  );
}
