/**
 * The product's metrics: one definition each, computed from counts summed in the database.
 * Pure functions, shared by the API (which serves them), the dashboard and the exports.
 * See docs/metrics.md for the definitions in words.
 */
import type { AnalysisContext, AvailabilityDto, GroupDto, Served } from './contracts.js';
import { figuresOfferedIn, type FigureOfferedIn } from './figures.js';
import type { Label } from './labels.js';
import { type MeasureCode, MEASURES } from './measures.js';
import { addQuarters, periodIndex, periodsTo } from './periods.js';
import type { ClassificationProfile, DimensionDef } from './profiles/profile.js';
import { fisherExactTwoSided, type Interval, wilsonInterval } from './statistics.js';

/** A sum of counts of current revisions, grouped in SQL by quarter, measure, detail, category and one classification. */
export interface Aggregate {
  period: string;
  measure: MeasureCode;
  detail: string;
  category: string;
  /** Value of the analysed classification (its "not declared" value when the cell had none). */
  value: string;
  count: number;
}

/** A group of people: one value of a classification, or a roll-up of several. */
export interface Group {
  dimension: string;
  code: string;
  label: Label;
  members: string[];
}

/** Below these, a comparison says "too few to conclude" instead of flagging. */
export const MIN_GROUP_BASE = 20;
export const MIN_EVENTS = 5;
/** Impact ratios below this are flagged (US Uniform Guidelines, 29 CFR 1607.4(D)). */
export const FOUR_FIFTHS = 0.8;
/** Quarters in a rolling window (hiring, promotion, separation). */
export const WINDOW_QUARTERS = 4;

export interface Rate {
  /** numerator ÷ denominator, or null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  /** Wilson 95% interval of the value. */
  interval: Interval | null;
  /**
   * A measure behind the rate was not supplied by the zone for every quarter it covers (`NO_DATA_RATE`):
   * no value, no interval, and the counts 0 stand for nothing. Absent when the rate stands on data.
   */
  noData?: true;
}

/**
 * The rate of a figure whose measure was not supplied (see `Counter`, `suppliedQuery`): "no data",
 * never 0. Its counts are 0 so that a client that ignores `noData` still shows no value and no base.
 */
export const NO_DATA_RATE = { value: null, numerator: 0, denominator: 0, interval: null, noData: true } as const satisfies Rate;

/** A fresh no-data rate (`NO_DATA_RATE`). */
export const noDataRate = (): Rate => ({ ...NO_DATA_RATE });

/**
 * The verdicts of a comparison, one definition for the API (its OpenAPI enum), the exports and the
 * dashboard:
 * - `no_data`: a measure behind the comparison was not supplied by the zone for every quarter of the
 *   window (a stocks-only source, a quarter without a return): nothing is concluded, never a 0;
 * - `suppressed`: a count behind the comparison is withheld from the caller by disclosure control,
 *   so nothing is concluded and nothing is said about the size of the counts;
 * - `too_few_to_conclude`: the counts are known (and shown), but a group's base is below 20, or
 *   there are fewer than 5 events (or non-events) in all: too small for a reliable test;
 * - `adverse_impact`: impact ratio below 0.80 and Fisher's p below 0.05;
 * - `below_four_fifths_not_significant`: below 0.80, but a difference this size could be chance (p ≥ 0.05);
 * - `no_adverse_impact`: impact ratio 0.80 or more.
 */
export const VERDICTS = ['adverse_impact', 'below_four_fifths_not_significant', 'no_adverse_impact', 'too_few_to_conclude', 'suppressed', 'no_data'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The verdicts in words (the API's documentation of its `Verdict` enum). */
export const VERDICT_MEANINGS: Record<Verdict, string> = {
  adverse_impact: 'impact ratio below 0.80 and Fisher\'s p below 0.05',
  below_four_fifths_not_significant: 'impact ratio below 0.80, but p ≥ 0.05: a difference this size could be chance',
  no_adverse_impact: 'impact ratio 0.80 or more',
  too_few_to_conclude: `the counts are shown, but too small for a reliable test: a base below ${MIN_GROUP_BASE}, or fewer than ${MIN_EVENTS} events or non-events in all`,
  suppressed: 'a count behind the comparison is withheld by disclosure control: no ratio, no p-value, no conclusion',
  no_data: 'a measure behind the comparison was not supplied for every quarter of the window (e.g. a source with headcounts only): no rate, no ratio, no conclusion',
};

/**
 * Why a figure has no value: `no_data` (a measure behind it was not supplied: nothing is hidden),
 * `suppressed` (there is data, withheld by disclosure control) or `too_few_to_conclude` (the counts
 * are shown, but too small for a reliable test).
 */
export const NO_VALUE_REASONS = ['no_data', 'suppressed', 'too_few_to_conclude'] as const satisfies readonly Verdict[];
export type NoValueReason = (typeof NO_VALUE_REASONS)[number];

/** True when a count is withheld from the caller: a Counter answers NaN for it (see `Counter`). */
export const isWithheldCount = (n: number): boolean => Number.isNaN(n);

/**
 * What a comparison says when a count behind either rate is withheld: no ratio, no p-value, no flag
 * and the verdict `suppressed`. compare() gives it for withheld (NaN) counts; the API applies it
 * to comparisons whose rates it withholds when serving them under a threshold.
 */
export const WITHHELD_COMPARISON = { impactRatio: null, pValue: null, belowFourFifths: false, verdict: 'suppressed' } as const satisfies Partial<Comparison>;

/** What a comparison says when a measure behind it was not supplied: no rates, no ratio, verdict `no_data`. */
export function noDataComparison(): Comparison {
  return { group: noDataRate(), reference: noDataRate(), impactRatio: null, pValue: null, belowFourFifths: false, verdict: 'no_data' };
}

/** Significance level of the Fisher test behind an adverse-impact verdict. */
export const SIGNIFICANCE = 0.05;

/** A favourable rate of a group against the same rate of the reference group. */
export interface Comparison {
  group: Rate;
  reference: Rate;
  /** group rate ÷ reference rate. */
  impactRatio: number | null;
  /** Two-sided Fisher's exact test of the 2×2 table (events / non-events × group / reference). */
  pValue: number | null;
  /** impactRatio < 0.80. Only a finding when the verdict is neither "too few to conclude" nor "suppressed". */
  belowFourFifths: boolean;
  verdict: Verdict;
}

/**
 * A rate with its Wilson interval. Real returns can hold more events than the base counts (people
 * who joined a feeder category during the window and were promoted, funnel stages entered out of
 * order): the value is then above 1 and has no interval, and comparisons built on it conclude nothing.
 */
export function rate(numerator: number, denominator: number): Rate {
  const consistent = denominator > 0 && numerator <= denominator;
  return {
    value: denominator > 0 && Number.isFinite(numerator) ? numerator / denominator : null,
    numerator,
    denominator,
    interval: consistent ? wilsonInterval(numerator, denominator) : null,
  };
}

const consistent = (r: Rate) => r.denominator > 0 && r.numerator <= r.denominator;

export function compare(group: Rate, reference: Rate): Comparison {
  // A withheld count says nothing, not even that the counts are small: the comparison is withheld.
  if ([group.numerator, group.denominator, reference.numerator, reference.denominator].some(isWithheldCount)) {
    return { group, reference, ...WITHHELD_COMPARISON };
  }
  const impactRatio = group.value !== null && reference.value !== null && reference.value > 0 ? group.value / reference.value : null;
  const pValue =
    consistent(group) && consistent(reference)
      ? fisherExactTwoSided(group.numerator, group.denominator - group.numerator, reference.numerator, reference.denominator - reference.numerator)
      : null;
  const tooFew =
    group.denominator < MIN_GROUP_BASE ||
    reference.denominator < MIN_GROUP_BASE ||
    Math.min(group.numerator + reference.numerator, group.denominator + reference.denominator - group.numerator - reference.numerator) < MIN_EVENTS ||
    impactRatio === null ||
    pValue === null;
  const belowFourFifths = impactRatio !== null && impactRatio < FOUR_FIFTHS;
  return {
    group,
    reference,
    impactRatio,
    pValue,
    belowFourFifths,
    verdict: tooFew
      ? 'too_few_to_conclude'
      : !belowFourFifths
        ? 'no_adverse_impact'
        : pValue !== null && pValue < SIGNIFICANCE
          ? 'adverse_impact'
          : 'below_four_fifths_not_significant',
  };
}

export function dimensionOf(profile: ClassificationProfile, code: string): DimensionDef {
  const d = profile.dimensions.find((x) => x.code === code);
  if (!d) throw new RangeError(`"${code}" is not a classification of profile ${profile.code}`);
  return d;
}

export function declaredValues(dimension: DimensionDef): string[] {
  return dimension.values.filter((v) => !v.notDeclared).map((v) => v.code);
}

/** `origin:migration_background` or `origin:be_eu` → the group; null when unknown. */
export function resolveGroup(profile: ClassificationProfile, spec: string): Group | null {
  const [dim, code] = spec.split(':');
  const dimension = profile.dimensions.find((d) => d.code === dim);
  if (!dimension || !code) return null;
  const value = dimension.values.find((v) => v.code === code && !v.notDeclared);
  if (value) return { dimension: dimension.code, code, label: value.label, members: [code] };
  const rollup = dimension.rollups?.find((r) => r.code === code);
  return rollup ? { dimension: dimension.code, code, label: rollup.label, members: rollup.members } : null;
}

/**
 * The groups a figure or target can be about in one classification, as `classification:group`:
 * its roll-ups first (e.g. migration background), then its declared values except the reference
 * group (`referenceGroup`: the others are compared with it).
 */
export function groupSpecs(dimension: DimensionDef): string[] {
  const reference = referenceValue(dimension);
  return [
    ...(dimension.rollups ?? []).map((r) => `${dimension.code}:${r.code}`),
    ...declaredValues(dimension).filter((v) => v !== reference).map((v) => `${dimension.code}:${v}`),
  ];
}

/** The value the other groups of a classification are compared with: its `reference`, else its first declared value. */
function referenceValue(dimension: DimensionDef): string {
  return dimension.reference ?? declaredValues(dimension)[0]!;
}

/** The classification whose groups the national comparison offers: origin, else the first that has groups. */
export function nationalDimension(profile: ClassificationProfile): DimensionDef | undefined {
  const withGroups = profile.dimensions.filter((d) => groupSpecs(d).length > 0);
  return withGroups.find((d) => d.code === 'origin') ?? withGroups[0];
}

/** The reference group of a classification: its `reference` value, else its first declared value. */
export function referenceGroup(profile: ClassificationProfile, dimensionCode: string): Group {
  const dimension = dimensionOf(profile, dimensionCode);
  return resolveGroup(profile, `${dimension.code}:${referenceValue(dimension)}`)!;
}

/** Sums aggregates matching a filter. */
export function total(aggs: Aggregate[], filter: (a: Aggregate) => boolean): number {
  let s = 0;
  for (const a of aggs) if (filter(a)) s += a.count;
  return s;
}

/** A count the metrics need: one measure (and detail) over quarters, categories (null: all) and values. */
export interface CountQuery {
  periods: string[];
  measure: MeasureCode;
  detail?: string;
  categories: string[] | null;
  values: string[];
  /**
   * Not a count but whether the measure was **supplied**: 1 when the revision read of every quarter
   * of `periods` has a cell of the measure (a cell of 0 counts: an explicit zero is data), else 0.
   * Asked with `suppliedQuery`; categories, values and detail are not looked at.
   */
  supplied?: true;
}

/** The question "was `measure` supplied in every quarter of `periods`?" (`CountQuery.supplied`). */
export function suppliedQuery(measure: MeasureCode, periods: string[]): CountQuery {
  return { periods, measure, categories: null, values: [], supplied: true };
}

/**
 * Answers count queries. NaN means "withheld": a caller under disclosure control may not learn it,
 * and every figure built on it is withheld in turn. A `supplied` query is answered 1 or 0 (NaN for
 * a zone whose every answer is withheld: pending); whether a measure was supplied is no count and
 * is answered to every caller.
 */
export type Counter = (q: CountQuery) => number;

export function countKey(q: CountQuery): string {
  return JSON.stringify([q.periods, q.measure, q.detail ?? null, q.categories, [...q.values].sort(), q.supplied ?? false]);
}

/** Whether a `supplied` answer says "supplied": 1, or withheld (NaN — every figure is withheld then anyway). */
const isSupplied = (answer: number): boolean => Number.isNaN(answer) || answer >= 1;

/** The plain counter: sums of the aggregates. */
export function aggregateCounter(aggs: Aggregate[]): Counter {
  // Indexed by measure and quarter: a figure asks for dozens of counts, a series or a national
  // table for thousands, and each should only look at the aggregates of its own quarters.
  const index = new Map<string, Aggregate[]>();
  for (const a of aggs) {
    const key = `${a.measure}|${a.period}`;
    const list = index.get(key);
    if (list) list.push(a);
    else index.set(key, [a]);
  }
  return (q) => {
    if (q.supplied) return q.periods.every((p) => index.has(`${q.measure}|${p}`)) ? 1 : 0;
    const values = new Set(q.values);
    const categories = q.categories === null ? null : new Set(q.categories);
    let sum = 0;
    for (const period of new Set(q.periods)) {
      for (const a of index.get(`${q.measure}|${period}`) ?? []) {
        if (values.has(a.value) && (q.detail === undefined || a.detail === q.detail) && (categories === null || categories.has(a.category))) sum += a.count;
      }
    }
    return sum;
  };
}

/**
 * The counter of a total over several zones: each count the sum of the zones' counts. A count
 * withheld from any zone (NaN) is withheld from the total too — else the total minus the published
 * zones would give the withheld one back — so a total is only ever the sum of counts its caller
 * sees zone by zone. A flow (hires, promotions, separations, funnel) is supplied to the total only
 * when every zone supplied it (the smallest of the zones' answers): a zone that did not supply
 * separations must not count as a zone without separations while its headcount is in the base. The
 * headcount is supplied when any zone's is (the largest answer): a share of the total is of the
 * zones that reported the quarter, as it always was. Without zones, nothing is supplied.
 */
export function sumCounters(counters: Counter[]): Counter {
  return (q) => {
    if (q.supplied) {
      if (!counters.length) return 0;
      const answers = counters.map((count) => count(q));
      // NaN (a zone withheld, pending) stays NaN: Math.min/max propagate it.
      return q.measure === 'headcount' ? Math.max(...answers) : Math.min(...answers);
    }
    let sum = 0;
    for (const count of counters) sum += count(q);
    return sum;
  };
}

/**
 * Every count a computation may ask for: it runs once with every count 1, so each branch that asks
 * only when a count is there (a quarter with a return, a separation reason, a funnel) asks. With
 * real counts it asks some of these, never another — provided it asks every count such a branch
 * depends on, without short cuts (`computeZoneMetrics` does).
 */
export function countsAsked(compute: (count: Counter) => unknown): CountQuery[] {
  const asked = new Map<string, CountQuery>();
  compute((q) => {
    asked.set(countKey(q), q);
    return 1;
  });
  return [...asked.values()];
}

/**
 * Counters that know the answers to the counts `asked` (`countsAsked`), given in the same order
 * (a zone's answers kept for its part of a total); any other count is withheld (NaN).
 */
export function knownCounts(asked: CountQuery[]): (answers: number[]) => Counter {
  const index = new Map(asked.map((q, i) => [countKey(q), i]));
  return (answers) => (q) => {
    const i = index.get(countKey(q));
    return i === undefined ? Number.NaN : answers[i]!;
  };
}

const asCounter = (source: Aggregate[] | Counter): Counter => (Array.isArray(source) ? aggregateCounter(source) : source);

export interface MetricsOptions {
  period: string;
  group: Group;
  reference: Group;
  /** Staff categories analysed (all when empty). */
  categories: string[];
  /** Quarters of the rolling window for hires, promotions, separations and the funnel (default 4). */
  windowQuarters?: number;
  /**
   * false: no selection funnel (`funnel` empty) and no funnel count asked — for pages that show no
   * funnel figure (national table, targets, series, exports), so that under disclosure control they
   * never wait for the funnel's protections. Default true.
   */
  funnel?: boolean;
}

export interface RepresentationFigures {
  declaration: Rate;
  ofDeclared: Rate;
  ofTotal: Rate;
  /** Change of the share of declared, in proportion points (0.01 = one percentage point). */
  changeQuarter: number | null;
  changeYear: number | null;
}

export interface HiringFigures {
  /** The group's share of declared hires over the window. */
  share: Rate;
  /** The group's share of the declared workforce at the start of the window. */
  workforceShare: Rate;
  /** share ÷ workforceShare: above 1, hiring is diversifying the workforce. */
  ratio: number | null;
  /**
   * The counts are known (and shown) but too few for the ratio to mean much: fewer than 5 declared
   * hires or a workforce base below 20. False when a count is withheld (see `withheld`).
   */
  tooFewToConclude: boolean;
  /** A count behind the share or the workforce share is withheld by disclosure control: the ratio is too. */
  withheld: boolean;
  /**
   * Hires were not supplied for every quarter of the window, or the headcount at its start was not:
   * the share, the workforce share and the ratio are "no data" (`NO_DATA_RATE`, ratio null), and
   * neither `tooFewToConclude` nor `withheld`.
   */
  noData: boolean;
}

/** What the hiring figures say when a count behind them is withheld (the API applies it when serving under a threshold). */
export const WITHHELD_HIRING = { ratio: null, tooFewToConclude: false, withheld: true } as const satisfies Partial<HiringFigures>;

/**
 * The hiring ratio's conclusion in the words of a verdict, for the tables that show one beside it
 * (national comparison, quarterly report): `no_data` when hires (or the headcount at the window
 * start) were not supplied, `suppressed` when withheld, `too_few_to_conclude` when there is no
 * ratio and the counts are too few, else none.
 */
export function hiringVerdict(hiring: Pick<HiringFigures, 'ratio' | 'tooFewToConclude' | 'withheld'> & { noData?: boolean }): Verdict | null {
  if (hiring.noData) return 'no_data';
  if (hiring.withheld) return 'suppressed';
  return hiring.ratio === null && hiring.tooFewToConclude ? 'too_few_to_conclude' : null;
}

export interface SeparationFigures {
  /** Separations over the window ÷ average headcount at the window's quarter ends. */
  group: Rate;
  reference: Rate;
  groupPer1000: number | null;
  referencePer1000: number | null;
  /** Retention (1 − separation rate) of the group against the reference. */
  retention: Comparison;
  byReason: { reason: string; group: Rate; reference: Rate }[];
}

export interface FunnelStageFigures {
  stage: string;
  from: string;
  comparison: Comparison;
}

export interface ZoneMetrics {
  period: string;
  window: { from: string; to: string; quarters: number };
  representation: RepresentationFigures;
  hiring: HiringFigures;
  promotion: Comparison;
  separation: SeparationFigures;
  funnel: FunnelStageFigures[];
}

/** The quarters an analysis of `period` needs: the window and the quarter before it (which includes a year back). */
export function metricsPeriods(period: string, windowQuarters = WINDOW_QUARTERS): { from: string; to: string } {
  return { from: addQuarters(period, -Math.max(windowQuarters, 4)), to: period };
}

/** Representation of a group in the headcount of one quarter (selected categories). */
export function representationAt(
  source: Aggregate[] | Counter,
  period: string,
  dimension: DimensionDef,
  group: Group,
  categories: string[],
): { declaration: Rate; ofDeclared: Rate; ofTotal: Rate } {
  const count = asCounter(source);
  const cats = categories.length ? categories : null;
  const q = (values: string[]) => count({ periods: [period], measure: 'headcount', categories: cats, values });
  const all = q(dimension.values.map((v) => v.code));
  const decl = q(declaredValues(dimension));
  const g = q(group.members);
  // Every count asked first (`countsAsked`), then "no data" when the quarter has no headcount.
  if (!isSupplied(count(suppliedQuery('headcount', [period])))) return { declaration: noDataRate(), ofDeclared: noDataRate(), ofTotal: noDataRate() };
  return { declaration: rate(decl, all), ofDeclared: rate(g, decl), ofTotal: rate(g, all) };
}

export function computeZoneMetrics(profile: ClassificationProfile, source: Aggregate[] | Counter, options: MetricsOptions): ZoneMetrics {
  const count = asCounter(source);
  const { period, group, reference, categories } = options;
  const windowQuarters = options.windowQuarters ?? WINDOW_QUARTERS;
  const dimension = dimensionOf(profile, group.dimension);
  const allValues = dimension.values.map((v) => v.code);
  const declared = declaredValues(dimension);
  const gm = group.members;
  const rm = reference.members;
  const cats = categories.length ? categories : null;
  const windowPeriods = periodsTo(period, windowQuarters);
  const start = addQuarters(period, -windowQuarters);
  const flow = (measure: MeasureCode, values: string[], detail?: string, categoriesOf: string[] | null = cats) =>
    count({ periods: windowPeriods, measure, categories: categoriesOf, values, ...(detail !== undefined ? { detail } : {}) });
  /** A count that is withheld, or above zero, is there. */
  const present = (n: number) => Number.isNaN(n) || n > 0;
  /**
   * Whether the zone supplied a measure for every quarter of `periods` (a cell of 0 counts). A figure
   * is "no data" when a measure behind it was not supplied for a quarter it covers — a zone that
   * sent headcounts only has no separation rate, not one of 0. Asked beside the counts, never
   * instead of them: `countsAsked` must see every count.
   */
  const supplied = (measure: MeasureCode, periods: string[]) => isSupplied(count(suppliedQuery(measure, periods)));
  const startSupplied = supplied('headcount', [start]);

  // Representation and its change.
  const now = representationAt(count, period, dimension, group, categories);
  const change = (back: number) => {
    const then = representationAt(count, addQuarters(period, -back), dimension, group, categories).ofDeclared.value;
    return then !== null && now.ofDeclared.value !== null ? now.ofDeclared.value - then : null;
  };

  // Hiring over the window against the workforce at its start.
  const hireShare = rate(flow('hires', gm), flow('hires', declared));
  const startShare = representationAt(count, start, dimension, group, categories).ofDeclared;
  const hiringWithheld = [hireShare.numerator, hireShare.denominator, startShare.numerator, startShare.denominator].some(isWithheldCount);
  const hiringRatio = !hiringWithheld && hireShare.value !== null && startShare.value !== null && startShare.value > 0 ? hireShare.value / startShare.value : null;

  // Promotions into the selected categories over the window, from their single feeder's headcount at its start.
  const promotable = profile.categories.filter((c) => (cats === null || cats.includes(c.code)) && c.feeders.length === 1);
  const into = promotable.map((c) => c.code);
  const feeders = [...new Set(promotable.map((c) => c.feeders[0]!))];
  const promotions = (values: string[]) => (into.length ? flow('promotions', values, undefined, into) : 0);
  const feederBase = (values: string[]) => (feeders.length ? count({ periods: [start], measure: 'headcount', categories: feeders, values }) : 0);
  const promotionCompared = compare(rate(promotions(gm), feederBase(gm)), rate(promotions(rm), feederBase(rm)));
  const promotion = supplied('promotions', windowPeriods) && startSupplied ? promotionCompared : noDataComparison();

  // Separations over the window per average headcount at the ends of the window's quarters
  // that have a return (a quarter without a return is not a zero).
  const reported = windowPeriods.filter((p) => present(count({ periods: [p], measure: 'headcount', categories: null, values: allValues })));
  const avgHeadcount = (values: string[]) => {
    const ends = reported.map((p) => count({ periods: [p], measure: 'headcount', categories: cats, values }));
    return ends.length ? Math.round(ends.reduce((sum, v) => sum + v, 0) / ends.length) : 0;
  };
  const separations = (values: string[], reason?: string) => flow('separations', values, reason);
  const gBase = avgHeadcount(gm);
  const rBase = avgHeadcount(rm);
  const sepG = rate(Math.min(separations(gm), gBase), gBase);
  const sepR = rate(Math.min(separations(rm), rBase), rBase);
  const retention = compare(rate(gBase - sepG.numerator, gBase), rate(rBase - sepR.numerator, rBase));
  const reasons = MEASURES.separations.details.map((d) => d.code).filter((r) => present(separations(allValues, r)));
  const separationsSupplied = supplied('separations', windowPeriods) && reported.length > 0;
  const hiringSupplied = supplied('hires', windowPeriods) && startSupplied;

  // Selection funnel: each stage's rate from the stage before, over the window.
  const stages = MEASURES.funnel.details.map((d) => d.code);
  const stage = (name: string, values: string[]) => flow('funnel', values, name);
  const funnel: FunnelStageFigures[] = [];
  // Every stage asked, not up to the first present one: `countsAsked` must see every count a figure
  // may ask for.
  if (options.funnel !== false && stages.map((st) => present(stage(st, allValues))).some(Boolean)) {
    for (let i = 1; i < stages.length; i++) {
      const [from, to] = [stages[i - 1]!, stages[i]!];
      funnel.push({ stage: to, from, comparison: compare(rate(stage(to, gm), stage(from, gm)), rate(stage(to, rm), stage(from, rm))) });
    }
    const [first, last] = [stages[0]!, stages[stages.length - 1]!];
    funnel.push({ stage: last, from: first, comparison: compare(rate(stage(last, gm), stage(first, gm)), rate(stage(last, rm), stage(first, rm))) });
  }

  return {
    period,
    window: { from: windowPeriods[0]!, to: period, quarters: windowQuarters },
    representation: { ...now, changeQuarter: change(1), changeYear: change(4) },
    hiring: hiringSupplied
      ? {
          share: hireShare,
          workforceShare: startShare,
          ratio: hiringRatio,
          tooFewToConclude: !hiringWithheld && !(hireShare.denominator >= MIN_EVENTS && startShare.denominator >= MIN_GROUP_BASE),
          withheld: hiringWithheld,
          noData: false,
        }
      : { share: noDataRate(), workforceShare: noDataRate(), ratio: null, tooFewToConclude: false, withheld: false, noData: true },
    promotion,
    separation: separationsSupplied
      ? {
          group: sepG,
          reference: sepR,
          groupPer1000: sepG.value === null ? null : sepG.value * 1000,
          referencePer1000: sepR.value === null ? null : sepR.value * 1000,
          retention,
          byReason: reasons.map((reason) => ({ reason, group: rate(Math.min(separations(gm, reason), gBase), gBase), reference: rate(Math.min(separations(rm, reason), rBase), rBase) })),
        }
      : { group: noDataRate(), reference: noDataRate(), groupPer1000: null, referencePer1000: null, retention: noDataComparison(), byReason: [] },
    funnel,
  };
}

/** Representation of the group in each staff category and category group: where the ceiling is. */
export function glassCeiling(profile: ClassificationProfile, source: Aggregate[] | Counter, period: string, group: Group): { category: string; level: 'category' | 'group'; representation: Rate; declaration: Rate }[] {
  const dimension = dimensionOf(profile, group.dimension);
  const rows: { category: string; level: 'category' | 'group'; representation: Rate; declaration: Rate }[] = [];
  for (const g of profile.categoryGroups) {
    const members = profile.categories.filter((c) => c.group === g.code);
    for (const c of members) {
      const r = representationAt(source, period, dimension, group, [c.code]);
      rows.push({ category: c.code, level: 'category', representation: r.ofDeclared, declaration: r.declaration });
    }
    const r = representationAt(source, period, dimension, group, members.map((c) => c.code));
    rows.push({ category: g.code, level: 'group', representation: r.ofDeclared, declaration: r.declaration });
  }
  return rows;
}

/** Quarters between two quarters (b − a). */
export function quartersBetween(a: string, b: string): number {
  return periodIndex(b) - periodIndex(a);
}


export interface ZoneMetricsDto extends AnalysisContext, Served<ZoneMetrics> {
  availability: (AvailabilityDto & { gap: number | null }) | null;
}

export interface SeriesPoint {
  period: string;
  representation: Served<Rate>;
  declaration: Served<Rate>;
  hiringShare: Served<Rate>;
  hiringRatio: number | null;
  promotionImpactRatio: number | null;
  promotionVerdict: Verdict;
  retention: Served<Rate>;
}

export interface SeriesDto extends AnalysisContext {
  points: SeriesPoint[];
}

export interface GlassCeilingDto extends AnalysisContext {
  period: string;
  rows: { category: string; level: 'category' | 'group'; representation: Served<Rate>; declaration: Served<Rate> }[];
}

/** The figures of the national comparison: those the registry offers there (figures.ts). */
export type NationalMetric = FigureOfferedIn<'national'>;
export const NATIONAL_METRICS: readonly NationalMetric[] = figuresOfferedIn('national');

export interface NationalRow {
  zone: string;
  zoneName: string;
  value: number | null;
  /** The rate behind the value, when it is one. */
  rate: Served<Rate> | null;
  /**
   * The comparison's verdict (promotion impact ratio, retention); for the hiring ratio
   * `hiringVerdict` (`suppressed`, or `too_few_to_conclude` when it has no value); null otherwise.
   */
  verdict: Verdict | null;
  /**
   * The availability benchmark the gap is measured against (metric `availability_gap` only, when
   * the zone has one for the group): its year and source, shown beside the gap.
   */
  benchmark?: { year: number; source: string };
  /**
   * The zone's disclosure protections are not computed yet (the background worker stores them
   * shortly after a submission): every figure of the zone is withheld until then.
   */
  pending?: true;
}

/**
 * The national total: the same figure computed by the same functions from the sums of every row's
 * counts (`sumCounters`). Under disclosure control a count of the total is published only when it
 * is published for every zone (none withheld, none pending), else it is withheld.
 */
export interface NationalTotal {
  /** How many zones (rows) the total adds up. */
  zones: number;
  value: number | null;
  rate: Served<Rate> | null;
  verdict: Verdict | null;
  /** A zone's protections are not stored yet: the total's counts are withheld until they are. */
  pending?: true;
}

export interface NationalDto {
  period: string;
  /** The classification profile whose zones are compared (`profile` asked for, else the first zone's). */
  profile: string;
  /** Every profile of the zones the caller may see: a deployment may mix them; each is compared on its own. */
  profiles: string[];
  metric: NationalMetric;
  group: GroupDto;
  reference: GroupDto;
  /** Staff categories analysed (category groups expanded); empty = all. */
  categories: string[];
  threshold: number;
  rows: NationalRow[];
  /** Every zone of the rows together (zones of one classification profile). */
  total: NationalTotal;
}
