import { defaultPeriod, requiredDimensions, type ReturnSummaryDto, type ZoneDto } from '@equity/shared';
import { useId, type ReactNode } from 'react';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { StatusBadge } from '../../../components/ui/status-badge';
import { Loading } from '../../../components/ui/loading';
import { ZonePage } from '../../../components/zone-page';
import { ZoneSelect } from '../../../components/zone-select';
import { useProfile } from '../../../lib/api/get-profile';
import { useZoneReturns } from '../../../lib/api/get-zone-returns';
import { formatDateTime } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { useZonePeriod } from '../../../lib/use-zone-period';
import { BreakdownPanel } from './breakdown-panel';

function QuarterSelect({
  returns,
  value,
  onChange,
}: {
  returns: ReturnSummaryDto[];
  value: string | undefined;
  onChange: (period: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('picker.quarter')}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        {returns.map((r) => (
          <option key={r.period} value={r.period}>
            {r.period}
            {r.status === 'signed_off' ? ` — ${t('status.signed_off').toLowerCase()}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

function ZoneDashboard({ zone, zonePicker }: { zone: ZoneDto; zonePicker: ReactNode }) {
  const { period, update } = useZonePeriod();
  const returnsQuery = useZoneReturns(zone.code);
  const profileQuery = useProfile(zone.profile);
  const returns = returnsQuery.data;
  // The quarter in the address, else the newest that has ended (`defaultPeriod`). Defaults are not
  // written to the address: an automatic navigation could cancel one the user has just started.
  const fallback = returns ? defaultPeriod(returns.map((r) => r.period)) : undefined;
  const selected = returns?.find((r) => r.period === period) ?? returns?.find((r) => r.period === fallback);

  let content: ReactNode;
  if (returnsQuery.isPending || profileQuery.isPending) content = <Loading />;
  else if (returnsQuery.isError) content = <ErrorState error={returnsQuery.error} onRetry={() => void returnsQuery.refetch()} />;
  else if (profileQuery.isError) content = <ErrorState error={profileQuery.error} onRetry={() => void profileQuery.refetch()} />;
  else if (returnsQuery.data.length === 0) content = <EmptyState>{t('dashboard.noReturns')}</EmptyState>;
  else if (!selected) content = <Loading />;
  else {
    const profile = profileQuery.data;
    const dimensions = [...requiredDimensions(profile)].sort((a, b) => (b.rollups?.length ?? 0) - (a.rollups?.length ?? 0));
    content = dimensions.map((dimension) => (
      <BreakdownPanel
        key={`${zone.code}-${selected.period}-${dimension.code}`}
        profile={profile}
        zone={zone.code}
        period={selected.period}
        dimension={dimension.code}
      />
    ));
  }

  return (
    <>
      <div className="toolbar">
        {zonePicker}
        {returns && returns.length > 0 && (
          <QuarterSelect returns={returns} value={selected?.period} onChange={(p) => update({ period: p })} />
        )}
        {selected && (
          <p className="toolbar__meta">
            <StatusBadge status={selected.status} />
            {selected.currentRevision !== null && (
              <span className="muted">
                {t('dashboard.revision', { revision: selected.currentRevision })} · {formatDateTime(selected.updatedAt)}
              </span>
            )}
          </p>
        )}
      </div>
      {content}
    </>
  );
}

export function DashboardView() {
  const { update } = useZonePeriod();
  return (
    <ZonePage title={t('dashboard.title')} intro={t('dashboard.intro')}>
      {(zone, zones) => (
        <ZoneDashboard key={zone.code} zone={zone} zonePicker={<ZoneSelect zones={zones} value={zone.code} onChange={(z) => update({ zone: z, period: null })} />} />
      )}
    </ZonePage>
  );
}
