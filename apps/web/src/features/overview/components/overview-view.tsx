import { useMemo, type ReactNode } from 'react';
import { ProfilePicker } from '../../../components/profile-picker';
import { SelectField } from '../../../components/select-field';
import { EmptyState } from '../../../components/ui/empty-state';
import { DisclosureThreshold } from '../../../components/withheld';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { useTargets } from '../../../lib/api/get-targets';
import { t } from '../../../lib/i18n';
import { useNational } from '../../../lib/api/get-national';
import { METRIC_SOURCE, overviewRows, overviewTotal } from '../utils/overview-rows';
import { OverviewTable } from './overview-table';
import { useZones } from '../../../lib/api/get-zones';
import { useNationalSelection } from '../../../lib/use-national-selection';


function OverviewTables({ profile, period, group, groupLabel }: { profile: string; period: string; group: string; groupLabel: string }) {
  const zones = useZones();
  const targets = useTargets();
  const representation = useNational({ profile, period, group, metric: METRIC_SOURCE.representation.national });
  const hiring = useNational({ profile, period, group, metric: METRIC_SOURCE.hiring.national });
  const promotion = useNational({ profile, period, group, metric: METRIC_SOURCE.promotion.national });
  const retention = useNational({ profile, period, group, metric: METRIC_SOURCE.retention.national });
  const queries = [zones, targets, representation, hiring, promotion, retention];

  const table = useMemo(() => {
    if (!(representation.data && hiring.data && promotion.data && retention.data && zones.data && targets.data)) return null;
    const national = { representation: representation.data, hiring: hiring.data, promotion: promotion.data, retention: retention.data };
    return { rows: overviewRows(national, zones.data, targets.data, period, group), total: overviewTotal(national) };
  }, [representation.data, hiring.data, promotion.data, retention.data, zones.data, targets.data, period, group]);

  const failed = queries.find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => queries.forEach((q) => q.isError && void q.refetch())} />;
  if (!table) return <Loading />;
  const threshold = representation.data?.threshold ?? 1;
  return (
    <>
      <DisclosureThreshold k={threshold}>
        <OverviewTable rows={table.rows} total={table.total} period={period} groupCode={group} caption={t('overview.caption', { group: groupLabel, period })} />
      </DisclosureThreshold>
      <p className="legend small">{t('overview.legend')}</p>
      <p className="legend small">{t('overview.totalLegend')}</p>
      <p className="legend small">{t('overview.targetLegend')}</p>
      <p className="legend small">{threshold > 1 ? t('suppressed.legend', { k: threshold }) : t('suppressed.legendFull')}</p>
    </>
  );
}

/** Every zone side by side for one quarter and one group. */
export function OverviewView() {
  const { profiles, profile, periods, period, options, group, update, problem } = useNationalSelection({
    error: (error, retry) => <ErrorState error={error} onRetry={retry} />,
    empty: (what) => <EmptyState>{t(what === 'zones' ? 'picker.noZones' : 'overview.noZones')}</EmptyState>,
  });

  let content: ReactNode;
  if (problem) content = problem;
  else if (!profile || !period || !group) content = <Loading />;
  else content = <OverviewTables profile={profile} period={period} group={group.code} groupLabel={group.label} />;

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('overview.title')}</h1>
        <p className="page__intro">{t('overview.intro')}</p>
      </header>
      {profile && period && group && (
        <div className="toolbar">
          <ProfilePicker profiles={profiles} value={profile} onChange={(v) => update('profile', v)} />
          <SelectField label={t('picker.quarter')} value={period} options={periods.map((p) => ({ code: p, label: p }))} onChange={(v) => update('period', v)} />
          <SelectField label={t('overview.group')} value={group.code} options={options} onChange={(v) => update('group', v)} />
        </div>
      )}
      {content}
    </div>
  );
}
