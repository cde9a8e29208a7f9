/**
 * Targets: a goal for one group's metric in one zone, a straight trajectory from the baseline
 * quarter to the deadline, a status each quarter, and projections. Goals, not quotas: nothing here
 * concerns individuals.
 */
import { type Aggregate, aggregateCounter, type Counter, declaredValues, dimensionOf, type Group, type NoValueReason, suppliedQuery, WINDOW_QUARTERS } from './analytics.js';
import { FIGURES, figuresOfferedIn, type FigureOfferedIn } from './figures.js';
import type { MeasureCode } from './measures.js';
import type { GroupDto } from './contracts.js';
import { addQuarters, periodFromIndex, periodIndex, periodsTo } from './periods.js';
import type { ClassificationProfile } from './profiles/profile.js';
import { linearFit } from './statistics.js';

/** The figures a target can be set on: those the registry offers for targets (figures.ts). */
export type TargetMetric = FigureOfferedIn<'targets'>;
export const TARGET_METRICS: readonly TargetMetric[] = figuresOfferedIn('targets');

/**
 * A quarter's status. Without an actual value: `suppressed` when it is withheld by disclosure
 * control (there is data, hidden from the caller), `too_few_to_conclude` when an impact ratio's
 * counts are shown but too few, and `no_data` only when the data is missing (a measure not supplied,
 * no return, or no baseline value yet) — "no data" never stands for a hidden value.
 */
export const TARGET_STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'suppressed', 'too_few_to_conclude', 'no_data'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * How far below its trajectory a metric may be and still count as on track, or at risk.
 * Shares (representation, hiring share, retention) in proportion points; the impact ratio in ratio units.
 */
export const STATUS_TOLERANCE: Record<TargetMetric, { onTrack: number; atRisk: number }> = Object.fromEntries(
  TARGET_METRICS.map((metric) => [metric, FIGURES[metric].targetTolerance]),
) as Record<TargetMetric, { onTrack: number; atRisk: number }>;

/** Quarters of recent history used for the trend projection. */
export const TREND_QUARTERS = 8;

export function isTargetMetric(value: string): value is TargetMetric {
  return (TARGET_METRICS as readonly string[]).includes(value);
}

/** The straight line from the baseline quarter's actual value to the target at the deadline. */
export function trajectory(baselineValue: number, target: number, baseline: string, deadline: string, period: string): number {
  const span = periodIndex(deadline) - periodIndex(baseline);
  if (span <= 0) return target;
  const t = Math.min(1, Math.max(0, (periodIndex(period) - periodIndex(baseline)) / span));
  return baselineValue + (target - baselineValue) * t;
}

/** The status of a quarter without an actual value, by why it has none (`TargetPoint.unavailable`). */
export function unavailableStatus(unavailable: NoValueReason | null): TargetStatus {
  return unavailable === 'suppressed' || unavailable === 'too_few_to_conclude' ? unavailable : 'no_data';
}

/**
 * Status of one quarter: achieved once the target is reached; otherwise by the gap to the
 * trajectory; without an actual value, why it has none (`unavailableStatus`).
 */
export function targetStatus(metric: TargetMetric, actual: number | null, trajectoryValue: number, target: number, unavailable: NoValueReason | null = null): TargetStatus {
  if (actual === null) return unavailableStatus(unavailable);
  if (actual >= target - 1e-12) return 'achieved';
  const gap = actual - trajectoryValue;
  const tol = STATUS_TOLERANCE[metric];
  // A gap of exactly the tolerance belongs to the better band, whatever floating point makes of it.
  const eps = 1e-9;
  if (gap >= -tol.onTrack - eps) return 'on_track';
  if (gap >= -tol.atRisk - eps) return 'at_risk';
  return 'off_track';
}

/** Beyond this many quarters after the deadline a projection is reported as "not at this pace". */
export const PROJECTION_HORIZON_QUARTERS = 20;

export type Projection =
  | { reached: true; period: string }
  | { reached: false; period: string; afterDeadline: boolean }
  | { reached: false; period: null; notAtThisPace: true };

/**
 * The quarter the target is reached if the least-squares trend of the last quarters continues;
 * `notAtThisPace` when the trend is flat or falling, or reaches it only more than five years after
 * the deadline. Null without data, or with a single point still below the target.
 */
export function projectTrend(series: { period: string; value: number | null }[], target: number, deadline: string): Projection | null {
  const known = series.filter((p): p is { period: string; value: number } => p.value !== null).slice(-TREND_QUARTERS);
  const last = known.at(-1);
  if (!last) return null;
  if (last.value >= target) return { reached: true, period: last.period };
  const fit = linearFit(known.map((p) => ({ x: periodIndex(p.period), y: p.value })));
  if (!fit) return null;
  if (fit.slope <= 0) return { reached: false, period: null, notAtThisPace: true };
  const q = Math.max(periodIndex(last.period) + 1, Math.ceil((target - fit.intercept) / fit.slope - 1e-9));
  if (q > periodIndex(deadline) + PROJECTION_HORIZON_QUARTERS) return { reached: false, period: null, notAtThisPace: true };
  return { reached: false, period: periodFromIndex(q), afterDeadline: q > periodIndex(deadline) };
}

export interface FlowRates {
  /** Declared headcount of the group and of everyone else declared, at the last quarter. */
  groupStock: number;
  otherStock: number;
  /** Average hires per quarter over the last 4 quarters. */
  groupHiresPerQuarter: number;
  otherHiresPerQuarter: number;
  /** Separations per quarter ÷ headcount, over the last 4 quarters. */
  groupSeparationRate: number;
  otherSeparationRate: number;
}

/**
 * Representation of the group among the declared after each of the next `quarters` quarters if
 * the last four quarters' hires and separation rates of each group continue.
 */
export function flowProjection(from: string, rates: FlowRates, quarters: number): { period: string; representation: number | null }[] {
  let g = rates.groupStock;
  let o = rates.otherStock;
  const out: { period: string; representation: number | null }[] = [];
  for (let i = 1; i <= quarters; i++) {
    g = g * (1 - rates.groupSeparationRate) + rates.groupHiresPerQuarter;
    o = o * (1 - rates.otherSeparationRate) + rates.otherHiresPerQuarter;
    const share = g + o > 0 ? g / (g + o) : null;
    out.push({ period: addQuarters(from, i), representation: share !== null && Number.isFinite(share) ? share : null });
  }
  return out;
}


/**
 * Stocks and flow rates of a group and of the other declared staff over the 4 quarters up to
 * `period`; null when hires or separations were not supplied for every one of those quarters (no
 * projection stands on flows taken for 0).
 */
export function flowRates(profile: ClassificationProfile, source: Aggregate[] | Counter, period: string, group: Group, categories: string[]): FlowRates | null {
  const count = Array.isArray(source) ? aggregateCounter(source) : source;
  const dimension = dimensionOf(profile, group.dimension);
  const gm = group.members;
  const others = declaredValues(dimension).filter((v) => !gm.includes(v));
  const window = periodsTo(period, WINDOW_QUARTERS);
  const cats = categories.length ? categories : null;
  const sum = (measure: MeasureCode, values: string[], periods: string[]) => count({ periods, measure, categories: cats, values });
  const all = dimension.values.map((v) => v.code);
  const reported = window.filter((p) => {
    const n = sum('headcount', all, [p]);
    return Number.isNaN(n) || n > 0;
  });
  const avgStock = (values: string[]) => (reported.length ? reported.map((p) => sum('headcount', values, [p])).reduce((a, b) => a + b, 0) / reported.length : 0);
  const sepRate = (values: string[]) => {
    const avg = avgStock(values);
    return avg > 0 ? sum('separations', values, window) / WINDOW_QUARTERS / avg : Number.isNaN(avg) ? Number.NaN : 0;
  };
  const rates = {
    groupStock: sum('headcount', gm, [period]),
    otherStock: sum('headcount', others, [period]),
    groupHiresPerQuarter: sum('hires', gm, window) / WINDOW_QUARTERS,
    otherHiresPerQuarter: sum('hires', others, window) / WINDOW_QUARTERS,
    groupSeparationRate: sepRate(gm),
    otherSeparationRate: sepRate(others),
  };
  // Asked after every count (`countsAsked`): 1 = supplied, NaN = withheld (the rates are NaN then too).
  const supplied = (['hires', 'separations'] as const).every((measure) => count(suppliedQuery(measure, window)) !== 0);
  return supplied ? rates : null;
}

export interface TargetInput {
  zone: string;
  /** classification:group, e.g. origin:migration_background. */
  group: string;
  metric: TargetMetric;
  /** Staff categories; empty for all. */
  categories: string[];
  /** The goal: a share (0–1) or, for the promotion impact ratio, a ratio. */
  value: number;
  baselinePeriod: string;
  deadlinePeriod: string;
  note: string;
}

export interface TargetDto extends Omit<TargetInput, 'group'> {
  id: number;
  zoneName: string;
  group: GroupDto;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface TargetPoint {
  period: string;
  actual: number | null;
  /**
   * Why `actual` is null: `no_data` (a measure behind it was not supplied), `suppressed` (withheld
   * by disclosure control) or `too_few_to_conclude` (impact ratio targets: counts shown but too
   * few); null when there is a value, or no return at all.
   */
  unavailable: NoValueReason | null;
  trajectory: number | null;
  /** actual − trajectory. */
  gap: number | null;
  status: TargetStatus;
}

export interface TargetProgressDto extends TargetDto {
  /** The metric's value in the baseline quarter: where the trajectory starts. */
  baselineValue: number | null;
  points: TargetPoint[];
  /** The latest quarter with data. */
  current: TargetPoint | null;
  /** When the least-squares trend of recent quarters reaches the target. */
  projection: Projection | null;
  /** Representation targets: where the last 4 quarters' hires and separation rates lead, quarter by quarter to the deadline. */
  flowProjection: { period: string; representation: number | null }[] | null;
}
