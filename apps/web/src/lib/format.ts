import { localeTag } from './i18n';

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(localeTag()).format(value);
}

/** A share (0…1) as a percentage with one decimal. */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(localeTag(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
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
