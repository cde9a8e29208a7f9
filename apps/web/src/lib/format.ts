/**
 * Numbers and figures as text in the interface's language. Figures are written by the registry of
 * figures (`formatFigure` in libs/shared/src/figures.ts): one rule per kind, the same on every
 * page, in every CSV and in the report.
 */
import { figureKind, figureName, formatFigure, type FigureCode, type FigureKind } from '@equity/shared';
import { getLocale, localeTag } from './i18n';

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(localeTag()).format(value);
}

/** A share (0…1) as a percentage with one decimal: "17.9%". */
export function formatPercent(share: number): string {
  return formatFigure('share', share, getLocale());
}

/**
 * A figure's value, written as its kind is (a figure's code or a kind): "17.9%", "2.61", "12.3",
 * "-37.9 percentage points".
 */
export function formatValue(value: number, kind: FigureCode | FigureKind): string {
  return formatFigure(kind, value, getLocale());
}

/**
 * As `formatValue`, but percentage points without their (long) unit: a chart's axis (the table and
 * tooltip give the unit), a column whose heading names it.
 */
export function formatBareValue(value: number, kind: FigureCode | FigureKind): string {
  return formatFigure(kind, value, getLocale(), { unit: false });
}

/**
 * A difference of two values of a figure (actual − trajectory), signed: in percentage points for
 * shares ("-1.2 percentage points"), in ratio units for ratios ("-0.05").
 */
export function formatDifference(difference: number, kind: FigureCode | FigureKind): string {
  const k = figureKind(kind);
  return k === 'share' ? formatFigure('percentage_points', difference, getLocale()) : formatFigure(k, difference, getLocale(), { signed: true });
}

/** A figure's one name, in the interface's language (the registry's label). */
export function figureLabel(code: FigureCode): string {
  return figureName(code, getLocale());
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
