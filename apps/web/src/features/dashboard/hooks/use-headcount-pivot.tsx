import { findDimension, type ClassificationProfile, type DimensionDef } from '@equity/shared';
import { useMemo, type ReactNode } from 'react';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { label, t } from '../../../lib/i18n';
import { useBreakdown } from '../api/get-breakdown';
import { pivotState, toPivot, type Pivot } from '../utils/breakdown';

/**
 * The headcount of a quarter by staff category × one classification, as a pivot: `dimension` is
 * undefined when the profile has no such classification (nothing to show), `pivot` is there once
 * it has rows, and until then `waiting` is what to show instead (loading, the error, or "none").
 */
export function useHeadcountPivot(
  profile: ClassificationProfile,
  zone: string,
  period: string,
  dimensionCode: string,
): { dimension: DimensionDef | undefined; dimensionName: string; pivot: Pivot | null; waiting: ReactNode } {
  const dimension = findDimension(profile, dimensionCode);
  const query = useBreakdown({ zone, period, measure: 'headcount', dimension: dimensionCode }, { enabled: dimension !== undefined });
  const pivot = useMemo(() => (dimension && query.data ? toPivot(profile, dimension, query.data) : null), [profile, dimension, query.data]);
  const state = pivotState(query, pivot);
  let waiting: ReactNode = null;
  if (state === 'loading') waiting = <Loading />;
  else if (state === 'error') waiting = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (state === 'empty') waiting = <EmptyState>{t('dashboard.table.empty')}</EmptyState>;
  return { dimension, dimensionName: dimension ? label(dimension.label).toLowerCase() : '', pivot: state === 'ready' ? pivot : null, waiting };
}
