import { isSuppressed, noValueReason, type Count, type FigureCode, type FigureKind, type NoValueReason, type RateDto, type Verdict } from '@equity/shared';
import { formatValue } from '../lib/format';
import { t } from '../lib/i18n';
import { baseText } from '../lib/value-text';
import { NoDataMark, SuppressedMark, TooFewMark } from './withheld';

/** The value of a figure, written as its kind is; without one, "suppressed" or "Too few to conclude" with why, or "no data". */
export function ValueText({
  value,
  kind,
  rate,
  verdict,
}: {
  value: number | null;
  kind: FigureCode | FigureKind;
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
