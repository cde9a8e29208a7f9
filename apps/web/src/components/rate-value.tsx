import { isSuppressed, type Count, type NoValueReason, type RateDto, type Verdict } from '@equity/shared';
import { formatNumber, formatPercent, formatPoints, formatPointsNumber, formatRatio } from '../lib/format';
import { t } from '../lib/i18n';
import { NoDataMark, SuppressedMark, TooFewMark } from './withheld';

/** How a figure is written: a share in percent, a ratio, or a difference of shares in percentage points. */
export type ValueKind = 'percent' | 'ratio' | 'points';

export function formatValue(value: number, kind: ValueKind): string {
  if (kind === 'points') return formatPoints(value);
  return kind === 'percent' ? formatPercent(value) : formatRatio(value);
}

/** A value on a chart's axis: as `formatValue`, but percentage points without their (long) unit, which the table and tooltip give. */
export function formatAxisValue(value: number, kind: ValueKind): string {
  return kind === 'points' ? formatPointsNumber(value) : formatValue(value, kind);
}

/** True when a withheld count is behind a missing value. */
export function rateSuppressed(rate: RateDto | null | undefined): boolean {
  return rate !== null && rate !== undefined && (isSuppressed(rate.numerator) || isSuppressed(rate.denominator));
}

/**
 * Why a figure has no value: no data (a measure behind it was not supplied: the `no_data` verdict
 * or a no-data rate), withheld (a `suppressed` verdict or a withheld count behind it), too few, or
 * none. "No data" first: it hides nothing, and never stands for a withheld value.
 */
export function noValueReason(rate: RateDto | null | undefined, verdict: Verdict | null | undefined): NoValueReason | null {
  if (verdict === 'no_data' || rate?.noData) return 'no_data';
  if (verdict === 'suppressed' || rateSuppressed(rate)) return 'suppressed';
  if (verdict === 'too_few_to_conclude') return 'too_few_to_conclude';
  return null;
}

/**
 * A figure as words, the same everywhere (tables, CSV): the value, or "suppressed" when it is
 * withheld by disclosure control, "Too few to conclude" when its counts are shown but too small for
 * a reliable test, else "no data". Never 0 for a missing value.
 */
export function valueText(value: number | null, kind: ValueKind, rate: RateDto | null | undefined, verdict: Verdict | null | undefined): string {
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

/** The value of a figure; without one, "suppressed" or "Too few to conclude" with why, or "no data". */
export function ValueText({
  value,
  kind,
  rate,
  verdict,
}: {
  value: number | null;
  kind: ValueKind;
  rate?: RateDto | null;
  verdict?: Verdict | null;
}) {
  if (value !== null) return <>{formatValue(value, kind)}</>;
  return <NoValue reason={noValueReason(rate, verdict)} />;
}

/** Where a value would be: "no data", "suppressed" or "Too few to conclude" with why, else "no data" (`none`). */
export function NoValue({ reason, none }: { reason: NoValueReason | null; none?: string }) {
  if (reason === 'no_data') return <NoDataMark />;
  if (reason === 'suppressed') return <SuppressedMark />;
  if (reason === 'too_few_to_conclude') return <TooFewMark />;
  return <span className="muted">{none ?? t('value.noData')}</span>;
}

/** The base of a rate as an element: a withheld base is marked like every suppressed count. */
export function BaseText({ base }: { base: Count | null | undefined }) {
  if (isSuppressed(base)) return <SuppressedMark />;
  return <>{baseText(base)}</>;
}
