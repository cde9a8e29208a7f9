/**
 * A figure's value as words, the same in every table and CSV: the value written by the registry of
 * figures, or why there is none ("suppressed", "Too few to conclude", "no data") — never 0.
 */
import { isSuppressed, noValueReason, type Count, type FigureCode, type FigureKind, type RateDto, type Verdict } from '@equity/shared';
import { formatNumber, formatValue } from './format';
import { t } from './i18n';

/**
 * A figure as words, the same everywhere (tables, CSV): the value, or "suppressed" when it is
 * withheld by disclosure control, "Too few to conclude" when its counts are shown but too small for
 * a reliable test, else "no data". Never 0 for a missing value.
 */
export function valueText(value: number | null, kind: FigureCode | FigureKind, rate: RateDto | null | undefined, verdict: Verdict | null | undefined): string {
  if (value !== null) return formatValue(value, kind);
  const reason = noValueReason(rate, verdict);
  if (reason === 'suppressed') return t('suppressed.marker');
  if (reason === 'too_few_to_conclude') return t('verdict.too_few_to_conclude');
  return t('value.noData');
}

/** The base of a rate: its denominator, or null for a no-data rate (whose 0 stands for nothing). */
export function rateBase(rate: RateDto | null | undefined): Count | null {
  return rate === null || rate === undefined || rate.noData ? null : rate.denominator;
}

/** The base of a rate (its denominator) as text: a number, "suppressed" or "—". */
export function baseText(base: Count | null | undefined): string {
  if (base === null || base === undefined) return t('value.none');
  if (isSuppressed(base)) return t('suppressed.marker');
  return formatNumber(base);
}
