import { isSuppressed, type Count, type RateDto, type Verdict } from '@equity/shared';
import { formatNumber, formatPercent, formatRatio } from '../lib/format';
import { t } from '../lib/i18n';

export type ValueKind = 'percent' | 'ratio';

export function formatValue(value: number, kind: ValueKind): string {
  return kind === 'percent' ? formatPercent(value) : formatRatio(value);
}

/** True when a withheld count is behind a missing value. */
export function rateSuppressed(rate: RateDto | null | undefined): boolean {
  return rate !== null && rate !== undefined && (isSuppressed(rate.numerator) || isSuppressed(rate.denominator));
}

/**
 * A figure as words, the same everywhere (tables, CSV): the value, or "Too few to conclude" when a
 * comparison concludes nothing, "suppressed" when a withheld count is behind it, else "no data".
 * Never 0 for a missing value.
 */
export function valueText(value: number | null, kind: ValueKind, rate: RateDto | null | undefined, verdict: Verdict | null | undefined): string {
  if (value !== null) return formatValue(value, kind);
  if (verdict === 'too_few_to_conclude') return t('verdict.too_few_to_conclude');
  if (rateSuppressed(rate)) return t('suppressed.marker');
  return t('value.noData');
}

/** The base of a rate (its denominator) as text: a number, "suppressed" or "—". */
export function baseText(base: Count | null | undefined): string {
  if (base === null || base === undefined) return t('value.none');
  if (isSuppressed(base)) return t('suppressed.marker');
  return formatNumber(base);
}

/** The value of a figure, styled as withheld or inconclusive when it has none. */
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
  const text = valueText(value, kind, rate, verdict);
  if (value !== null) return <>{text}</>;
  if (verdict === 'too_few_to_conclude') return <span className="inconclusive">{text}</span>;
  if (rateSuppressed(rate)) {
    return (
      <span className="suppressed" title={t('suppressed.title')}>
        {text}
      </span>
    );
  }
  return <span className="muted">{text}</span>;
}

/** The base of a rate as an element: a withheld base is marked like every suppressed count. */
export function BaseText({ base }: { base: Count | null | undefined }) {
  if (isSuppressed(base)) {
    return (
      <span className="suppressed" title={t('suppressed.title')}>
        {t('suppressed.marker')}
      </span>
    );
  }
  return <>{baseText(base)}</>;
}
