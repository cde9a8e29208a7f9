import { findDimension, requiredDimensions, type ClassificationProfile } from '@equity/shared';
import { useId, useMemo } from 'react';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { label, t } from '../../../lib/i18n';
import { useBreakdown } from '../api/get-breakdown';
import { toPivot } from '../utils/breakdown';
import { BreakdownTable } from './breakdown-table';

function HeadcountTable({ profile, zone, period, dimension: dimensionCode }: { profile: ClassificationProfile; zone: string; period: string; dimension: string }) {
  const headingId = useId();
  const dimension = findDimension(profile, dimensionCode);
  const query = useBreakdown({ zone, period, measure: 'headcount', dimension: dimensionCode }, { enabled: dimension !== undefined });
  const pivot = useMemo(() => (dimension && query.data ? toPivot(profile, dimension, query.data) : null), [profile, dimension, query.data]);
  if (!dimension) return null;
  const dimensionName = label(dimension.label).toLowerCase();
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (!pivot || pivot.rows.length === 0) body = <EmptyState>{t('dashboard.table.empty')}</EmptyState>;
  else body = <BreakdownTable pivot={pivot} caption={t('dashboard.table.caption', { dimension: dimensionName, period })} />;
  return (
    <div className="headcount-table" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('dashboard.headcountBy', { dimension: dimensionName })}</h3>
      {body}
    </div>
  );
}

/**
 * The headcount cross-tables of a quarter (staff category × each required classification),
 * tables only, for pages that print them (the quarterly report).
 */
export function HeadcountTables({ profile, zone, period }: { profile: ClassificationProfile; zone: string; period: string }) {
  const dimensions = [...requiredDimensions(profile)].sort((a, b) => (b.rollups?.length ?? 0) - (a.rollups?.length ?? 0));
  return (
    <>
      {dimensions.map((d) => (
        <HeadcountTable key={d.code} profile={profile} zone={zone} period={period} dimension={d.code} />
      ))}
    </>
  );
}
