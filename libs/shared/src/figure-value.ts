/**
 * The one reader of a figure's value: every path that shows one figure of a zone (the national
 * comparison, targets, exports) reads it here from the zone's served metrics, so that the value,
 * the rate behind it and the reason it has none are the same on every path (docs/metrics.md,
 * "The one reader of a figure").
 */
import { hiringVerdict, NO_VALUE_REASONS, type NoValueReason, type Verdict, type ZoneMetrics } from './analytics.js';
import type { RateDto, Served } from './contracts.js';
import type { FigureCode } from './figures.js';
import { isWithheldRate } from './serve.js';

/** The metrics a figure is read from: as served to the caller (every rate a `RateDto`). */
export type ServedZoneMetrics = Served<ZoneMetrics>;

export interface FigureValueOptions {
  /**
   * The zone's availability benchmark for the group (`availability_gap` only): without one the gap
   * has no value, and no reason either (nothing is missing or withheld: no benchmark was set).
   */
  benchmark?: { share: number } | null;
  /**
   * Targets: a comparison's ratio (promotion impact ratio) that is "too few to conclude" has no
   * value (reason `too_few_to_conclude`) — a target's status is not drawn from a ratio of a handful
   * of people. Elsewhere (national comparison, exports, the zone's page) the ratio is shown beside
   * its verdict. Default false.
   */
  conclusiveOnly?: boolean;
}

export interface FigureValue {
  /** The figure's value, or null (then `reason` says why, when there is a reason). */
  value: number | null;
  /**
   * The rate behind the value, with its numerator, denominator and interval: the figure itself for
   * a `rate` figure of the registry; the rate a `number` figure is derived from otherwise (hiring
   * share for the hiring ratio, the group's promotion rate for its impact ratio, the separation rate
   * for separations per 1,000, representation of total for the gap to availability).
   */
  rate: RateDto;
  /** The verdict of the comparison behind the figure (promotion impact ratio, retention, hiring ratio `hiringVerdict`), else null. */
  verdict: Verdict | null;
  /**
   * Why there is no value: `no_data` (a measure behind it was not supplied), `suppressed` (withheld
   * by disclosure control), `too_few_to_conclude` (a ratio without a value, or with `conclusiveOnly`).
   * Null when there is a value — and when there is none for no such reason (a base of 0, no
   * availability benchmark).
   */
  reason: NoValueReason | null;
}

/**
 * Why a figure has no value, from the rate behind it and its verdict: no data (a measure behind it
 * was not supplied: a no-data rate or the `no_data` verdict) first — it hides nothing, and never
 * stands for a withheld value —, then withheld (a withheld count behind the rate, or the
 * `suppressed` verdict), then too few to conclude; else null. The one reading of it for the API's
 * exports and the dashboard's tables.
 */
export function noValueReason(rate: RateDto | null | undefined, verdict: Verdict | null | undefined): NoValueReason | null {
  if (verdict === 'no_data' || rate?.noData) return 'no_data';
  if (verdict === 'suppressed' || (rate && isWithheldRate(rate))) return 'suppressed';
  return verdict && (NO_VALUE_REASONS as readonly string[]).includes(verdict) ? (verdict as NoValueReason) : null;
}

const rateReason = (r: RateDto): NoValueReason | null => noValueReason(r, null);

const ofRate = (r: RateDto, verdict: Verdict | null = null): FigureValue => ({ value: r.value, rate: r, verdict, reason: rateReason(r) });

/**
 * The value of figure `code` in a zone's (or a total's) served metrics: its value, the rate behind
 * it and why it has none. Withholding is decided once, when the metrics are served (`serveMetrics`
 * `serve.ts`): this reads what serving left.
 */
export function figureValue(code: FigureCode, m: ServedZoneMetrics, options: FigureValueOptions = {}): FigureValue {
  switch (code) {
    case 'representation':
      return ofRate(m.representation.ofDeclared);
    case 'representation_of_total':
      return ofRate(m.representation.ofTotal);
    case 'declaration_rate':
      return ofRate(m.representation.declaration);
    case 'hiring_share':
      return ofRate(m.hiring.share);
    case 'promotion_rate':
      return ofRate(m.promotion.group, m.promotion.verdict);
    case 'retention':
      return ofRate(m.separation.retention.group, m.separation.retention.verdict);
    case 'hiring_ratio': {
      const verdict = hiringVerdict(m.hiring);
      return { value: m.hiring.ratio, rate: m.hiring.share, verdict, reason: noValueReason(null, verdict) };
    }
    case 'promotion_impact_ratio': {
      const { verdict, impactRatio } = m.promotion;
      const reason = noValueReason(null, verdict);
      const withoutValue = reason !== null && (reason !== 'too_few_to_conclude' || options.conclusiveOnly === true || impactRatio === null);
      return withoutValue ? { value: null, rate: m.promotion.group, verdict, reason } : { value: impactRatio, rate: m.promotion.group, verdict, reason: null };
    }
    case 'separations_per_1000': {
      const r = m.separation.group;
      const reason = rateReason(r);
      return { value: reason ? null : m.separation.groupPer1000, rate: r, verdict: null, reason };
    }
    case 'availability_gap': {
      const r = m.representation.ofTotal;
      const { benchmark } = options;
      // Not supplied is no data even without a benchmark; without one, nothing is withheld either.
      const reason = r.noData ? 'no_data' : !benchmark ? null : rateReason(r);
      return { value: benchmark && r.value !== null ? r.value - benchmark.share : null, rate: r, verdict: null, reason };
    }
  }
}
