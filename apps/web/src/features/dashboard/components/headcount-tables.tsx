import { requiredDimensions, type ClassificationProfile } from '@equity/shared';
import { useId } from 'react';
import { t } from '../../../lib/i18n';
import { useHeadcountPivot } from '../hooks/use-headcount-pivot';
import { BreakdownTable } from './breakdown-table';

function HeadcountTable({ profile, zone, period, dimension: dimensionCode }: { profile: ClassificationProfile; zone: string; period: string; dimension: string }) {
  const headingId = useId();
  const { dimension, dimensionName, pivot, waiting } = useHeadcountPivot(profile, zone, period, dimensionCode);
  if (!dimension) return null;
  return (
    <div className="headcount-table" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('dashboard.headcountBy', { dimension: dimensionName })}</h3>
      {pivot ? <BreakdownTable pivot={pivot} caption={t('dashboard.table.caption', { dimension: dimensionName, period })} /> : waiting}
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
