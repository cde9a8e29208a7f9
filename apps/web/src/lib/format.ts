import { localeTag, t } from './i18n';

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(localeTag()).format(value);
}

/** A share (0…1) as a percentage with one decimal. */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(localeTag(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

/**
 * A difference of two shares (the gap to availability) in percentage points, signed, one decimal:
 * "−37.9 percentage points" — the same on every page and in every CSV.
 */
export function formatPoints(difference: number): string {
  return t('zone.availability.points', { points: formatPointsNumber(difference) });
}

/** The number of `formatPoints` alone (signed, one decimal), for a chart's axis. */
export function formatPointsNumber(difference: number): string {
  return new Intl.NumberFormat(localeTag(), { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(difference * 100);
}

/** A ratio (impact ratio, hiring ratio) with two decimals. */
export function formatRatio(value: number): string {
  return new Intl.NumberFormat(localeTag(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
