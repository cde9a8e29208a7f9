import {
  type Aggregate,
  aggregateCounter,
  compare,
  computeZoneMetrics,
  type Counter,
  countsAsked,
  dimensionOf,
  FOUR_FIFTHS,
  glassCeiling,
  type Group,
  groupSpecs,
  hiringVerdict,
  knownCounts,
  metricsPeriods,
  MIN_EVENTS,
  MIN_GROUP_BASE,
  nationalDimension,
  rate,
  type Rate,
  referenceGroup,
  representationAt,
  resolveGroup,
  SIGNIFICANCE,
  sumCounters,
  VERDICTS,
  WINDOW_QUARTERS,
} from './analytics.js';
import { BELGIUM_POLICE } from './profiles/belgium-police.js';

// Every expected number below is computed by hand from the aggregates of its test and written as
// a fraction. The few Fisher p-values are only used to pick a verdict; their values come from
// scipy.stats.fisher_exact (an implementation independent of statistics.ts).

const P = '2025-Q4';
// With the default 4-quarter window, the window is 2025-Q1..2025-Q4 and its start (the quarter
// before it) is 2024-Q4, which is also "a year back".

const ORIGIN = dimensionOf(BELGIUM_POLICE, 'origin');

/** Literal groups, so the metric tests do not depend on resolveGroup (tested on its own below). */
const MIGRATION: Group = {
  dimension: 'origin',
  code: 'migration_background',
  label: { en: 'Migration background' },
  members: ['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu'],
};
const BE_BE: Group = { dimension: 'origin', code: 'be_be', label: { en: 'Belgian of Belgian origin' }, members: ['be_be'] };

const hc = (period: string, category: string, value: string, count: number): Aggregate => ({ period, measure: 'headcount', detail: '', category, value, count });
const hire = (period: string, category: string, value: string, count: number, detail = 'new_recruit'): Aggregate => ({ period, measure: 'hires', detail, category, value, count });
const promo = (period: string, category: string, value: string, count: number): Aggregate => ({ period, measure: 'promotions', detail: '', category, value, count });
const sep = (period: string, category: string, value: string, count: number, reason: string): Aggregate => ({ period, measure: 'separations', detail: reason, category, value, count });
const fun = (period: string, category: string, stage: string, value: string, count: number): Aggregate => ({ period, measure: 'funnel', detail: stage, category, value, count });
/** A rate without data, written out: no value, no interval, counts 0 that stand for nothing. */
const NO_DATA = { value: null, numerator: 0, denominator: 0, interval: null, noData: true };
/** A comparison without data: no rates, no ratio, verdict no_data. */
const NO_DATA_COMPARISON = { group: NO_DATA, reference: NO_DATA, impactRatio: null, pValue: null, belowFourFifths: false, verdict: 'no_data' };
/** The quarters of the default window ending with P. */
const WINDOW = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
/**
 * A measure supplied in every quarter given with nothing else to report: a cell of 0 each (a zone
 * that entered "0 separations"). An explicit 0 is data; a measure without any cell is not supplied.
 */
const supplied = (measure: 'hires' | 'promotions' | 'separations', periods: string[] = WINDOW): Aggregate[] =>
  periods.map((period) => ({ period, measure, detail: measure === 'hires' ? 'new_recruit' : measure === 'separations' ? 'other' : '', category: 'basic', value: 'be_be', count: 0 }));

/** A rate is `numerator ÷ denominator`: both counts as given, and the value computed from them. */
function expectRate(r: Pick<Rate, 'numerator' | 'denominator' | 'value'> | undefined, numerator: number, denominator: number): void {
  expect(r?.numerator).toBe(numerator);
  expect(r?.denominator).toBe(denominator);
  expect(r?.value).toBeCloseTo(numerator / denominator, 12);
}

function metrics(aggs: Aggregate[], categories: string[] = [], windowQuarters?: number) {
  return computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group: MIGRATION, reference: BE_BE, categories, windowQuarters });
}

describe('constants', () => {
  it('uses the documented thresholds', () => {
    expect(MIN_GROUP_BASE).toBe(20);
    expect(MIN_EVENTS).toBe(5);
    expect(FOUR_FIFTHS).toBe(0.8);
    expect(SIGNIFICANCE).toBe(0.05);
    expect(WINDOW_QUARTERS).toBe(4);
  });
});

describe('rate', () => {
  it('is numerator ÷ denominator with a Wilson 95% interval', () => {
    const r = rate(30, 120);
    expect(r.value).toBeCloseTo(30 / 120, 12);
    expect(r.numerator).toBe(30);
    expect(r.denominator).toBe(120);
    // Wilson, z = 1.959963984540054: centre = (30 + z²/2)/(120 + z²), half = z/(120 + z²)·√(30·90/120 + z²/4)
    expect(r.interval?.low).toBeCloseTo(0.18109821656809566, 12);
    expect(r.interval?.high).toBeCloseTo(0.33441136664125615, 12);
  });

  it('is 0 with a real interval for 0 of n', () => {
    const r = rate(0, 50);
    expect(r.value).toBe(0);
    expect(r.interval?.low).toBe(0);
    // z²/(50 + z²) = 3.841458820694124/53.841458820694124
    expect(r.interval?.high).toBeCloseTo(3.841458820694124 / 53.841458820694124, 12);
  });

  it('has no value and no interval when the denominator is 0', () => {
    expect(rate(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0, interval: null });
  });
});

describe('compare and its verdicts', () => {
  it('flags adverse impact: ratio below 0.80 and p < 0.05 (2/100 vs 30/100)', () => {
    const c = compare(rate(2, 100), rate(30, 100));
    // impact ratio = (2/100)/(30/100) = 1/15. Fisher [[2,98],[30,70]]: p ≈ 2.56e-8 (scipy).
    expect(c.impactRatio).toBeCloseTo(1 / 15, 12);
    expect(c.pValue).toBeCloseTo(2.5649824499365046e-8, 12);
    expect(c.pValue!).toBeLessThan(0.05);
    expect(c.belowFourFifths).toBe(true);
    expect(c.verdict).toBe('adverse_impact');
    expect(c.group.value).toBeCloseTo(2 / 100, 12);
    expect(c.reference.value).toBeCloseTo(30 / 100, 12);
  });

  it('says below four-fifths but not significant when p ≥ 0.05 (1/100 vs 4/100)', () => {
    const c = compare(rate(1, 100), rate(4, 100));
    // ratio 1/4; 5 events in all (just enough); Fisher [[1,99],[4,96]]: p ≈ 0.3687 (scipy).
    expect(c.impactRatio).toBeCloseTo(1 / 4, 12);
    expect(c.pValue).toBeCloseTo(0.36867076499247503, 6);
    expect(c.belowFourFifths).toBe(true);
    expect(c.verdict).toBe('below_four_fifths_not_significant');
  });

  it('has no adverse impact at exactly four-fifths (40/100 vs 50/100)', () => {
    const c = compare(rate(40, 100), rate(50, 100));
    // ratio 0.4/0.5 = 0.8, not below 0.8. Fisher [[40,60],[50,50]]: p ≈ 0.2007.
    expect(c.impactRatio).toBeCloseTo(0.8, 12);
    expect(c.belowFourFifths).toBe(false);
    expect(c.verdict).toBe('no_adverse_impact');
  });

  it('has no adverse impact when the group does better than the reference', () => {
    const c = compare(rate(60, 100), rate(30, 100));
    expect(c.impactRatio).toBeCloseTo(2, 12);
    expect(c.belowFourFifths).toBe(false);
    expect(c.verdict).toBe('no_adverse_impact');
  });

  it('is too few to conclude when the group base is below 20, even with a large gap', () => {
    const c = compare(rate(1, 19), rate(50, 100));
    // ratio (1/19)/(1/2) = 2/19 < 0.8, but the group base 19 < 20.
    expect(c.impactRatio).toBeCloseTo(2 / 19, 12);
    expect(c.belowFourFifths).toBe(true);
    expect(c.verdict).toBe('too_few_to_conclude');
  });

  it('concludes at a group base of exactly 20 (2/20 vs 50/100)', () => {
    const c = compare(rate(2, 20), rate(50, 100));
    // ratio (2/20)/(50/100) = 1/5; Fisher [[2,18],[50,50]]: p ≈ 0.00096 (scipy).
    expect(c.impactRatio).toBeCloseTo(1 / 5, 12);
    expect(c.pValue).toBeCloseTo(0.0009624268094929624, 8);
    expect(c.verdict).toBe('adverse_impact');
  });

  it('is too few to conclude when the reference base is below 20', () => {
    expect(compare(rate(10, 100), rate(10, 19)).verdict).toBe('too_few_to_conclude');
  });

  it('is too few to conclude with fewer than 5 events in all (1/100 vs 3/100)', () => {
    const c = compare(rate(1, 100), rate(3, 100));
    // 1 + 3 = 4 events < 5; ratio 1/3 would otherwise be below four-fifths.
    expect(c.impactRatio).toBeCloseTo(1 / 3, 12);
    expect(c.belowFourFifths).toBe(true);
    expect(c.verdict).toBe('too_few_to_conclude');
  });

  it('is too few to conclude with fewer than 5 non-events in all (97/100 vs 99/100)', () => {
    // non-events: 3 + 1 = 4 < 5.
    expect(compare(rate(97, 100), rate(99, 100)).verdict).toBe('too_few_to_conclude');
  });

  it('has no impact ratio when the reference rate is 0, and then cannot conclude', () => {
    const c = compare(rate(5, 100), rate(0, 100));
    expect(c.impactRatio).toBeNull();
    expect(c.belowFourFifths).toBe(false);
    // The test itself is defined: Fisher [[5,95],[0,100]]: p ≈ 0.0594 (scipy).
    expect(c.pValue).toBeCloseTo(0.059383210468586585, 6);
    expect(c.verdict).toBe('too_few_to_conclude');
  });

  it('has no ratio and no p-value when a denominator is 0', () => {
    const c = compare(rate(0, 0), rate(10, 100));
    expect(c.group.value).toBeNull();
    expect(c.group.interval).toBeNull();
    expect(c.impactRatio).toBeNull();
    expect(c.pValue).toBeNull();
    expect(c.belowFourFifths).toBe(false);
    expect(c.verdict).toBe('too_few_to_conclude');
  });
});

describe('compare with withheld counts (NaN: disclosure control)', () => {
  it('is suppressed, not too few to conclude, when any count behind it is withheld', () => {
    const sides: [number, number, number, number][] = [
      [NaN, 365, 30, 400],
      [10, NaN, 30, 400],
      [10, 365, NaN, 400],
      [10, 365, 30, NaN],
      [NaN, NaN, NaN, NaN],
    ];
    for (const [gn, gd, rn, rd] of sides) {
      const c = compare(rate(gn, gd), rate(rn, rd));
      expect(c.verdict).toBe('suppressed');
      expect(c.impactRatio).toBeNull();
      expect(c.pValue).toBeNull();
      expect(c.belowFourFifths).toBe(false);
    }
  });

  it('is suppressed even where the known counts alone would be too few (a withheld count says nothing of its size)', () => {
    // group base 12 < 20, but the group's events are withheld: withheld, not "too few".
    expect(compare(rate(NaN, 12), rate(10, 100)).verdict).toBe('suppressed');
    // 1 + 3 events would be too few; with the reference base withheld it is withheld.
    expect(compare(rate(1, 100), rate(3, NaN)).verdict).toBe('suppressed');
  });

  it('with known small counts is still too few to conclude', () => {
    expect(compare(rate(1, 19), rate(50, 100)).verdict).toBe('too_few_to_conclude');
    expect(compare(rate(1, 100), rate(3, 100)).verdict).toBe('too_few_to_conclude');
    expect(compare(rate(0, 0), rate(10, 100)).verdict).toBe('too_few_to_conclude');
  });

  it('lists every verdict once, the withheld one included', () => {
    expect([...VERDICTS].sort()).toEqual(['adverse_impact', 'below_four_fifths_not_significant', 'no_adverse_impact', 'no_data', 'suppressed', 'too_few_to_conclude']);
  });
});

describe('figures on withheld counts (a counter answering NaN)', () => {
  // Large counts everywhere (bases of 365 and 400), so that nothing is "too few": only withheld.
  const aggs: Aggregate[] = [
    ...['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].flatMap((q) => [hc(q, 'basic', 'be_non_eu', 365), hc(q, 'basic', 'be_be', 400)]),
    hc('2024-Q4', 'agent', 'be_non_eu', 365),
    hc('2024-Q4', 'agent', 'be_be', 400),
    promo('2025-Q2', 'basic', 'be_non_eu', 30),
    promo('2025-Q2', 'basic', 'be_be', 40),
    hire('2025-Q1', 'basic', 'be_non_eu', 20),
    hire('2025-Q1', 'basic', 'be_be', 20),
    sep('2025-Q3', 'basic', 'be_non_eu', 10, 'resignation'),
    sep('2025-Q3', 'basic', 'be_be', 12, 'resignation'),
    ...supplied('promotions'),
    ...supplied('hires'),
    ...supplied('separations'),
  ];
  /** The plain counter, except that the measures listed are withheld. */
  const withholding = (...measures: string[]): Counter => {
    const plain = aggregateCounter(aggs);
    return (q) => (measures.includes(q.measure) && !q.supplied ? NaN : plain(q));
  };
  // Promotions into basic, from agent's headcount at the window start; the rest within basic.
  const run = (count: Counter) => computeZoneMetrics(BELGIUM_POLICE, count, { period: P, group: MIGRATION, reference: BE_BE, categories: ['basic'] });

  it('with every count known, the comparisons conclude (the bases are large)', () => {
    const m = run(aggregateCounter(aggs));
    expect(m.promotion.group).toMatchObject({ numerator: 30, denominator: 365 });
    expect(m.promotion.reference).toMatchObject({ numerator: 40, denominator: 400 });
    expect(m.promotion.verdict).not.toBe('too_few_to_conclude');
    expect(m.promotion.verdict).not.toBe('suppressed');
    expect(m.separation.retention.verdict).not.toBe('too_few_to_conclude');
    expect(m.hiring).toMatchObject({ tooFewToConclude: false, withheld: false });
  });

  it('withheld promotions: the promotion comparison is suppressed, its base of 365 still known', () => {
    const m = run(withholding('promotions'));
    expect(m.promotion.group.denominator).toBe(365);
    expect(m.promotion.reference.denominator).toBe(400);
    expect(m.promotion).toMatchObject({ verdict: 'suppressed', impactRatio: null, pValue: null, belowFourFifths: false });
  });

  it('withheld separations: retention is suppressed, not too few to conclude', () => {
    const m = run(withholding('separations'));
    expect(m.separation.retention.group.denominator).toBe(365);
    expect(m.separation.retention.verdict).toBe('suppressed');
  });

  it('withheld hires: the hiring ratio is withheld, and not "too few to conclude"', () => {
    const h = run(withholding('hires')).hiring;
    expect(h).toMatchObject({ ratio: null, tooFewToConclude: false, withheld: true });
    expect(hiringVerdict(h)).toBe('suppressed');
  });

  it('a withheld start workforce withholds the hiring ratio too', () => {
    const plain = aggregateCounter(aggs);
    const h = run((q) => (q.measure === 'headcount' && !q.supplied && q.periods.length === 1 && q.periods[0] === '2024-Q4' ? NaN : plain(q))).hiring;
    expect(h).toMatchObject({ ratio: null, tooFewToConclude: false, withheld: true });
  });
});

describe('sumCounters (a total over zones)', () => {
  const zoneA: Aggregate[] = [hc(P, 'basic', 'be_non_eu', 30), hc(P, 'basic', 'be_be', 70), hc(P, 'middle', 'be_non_eu', 4), hc(P, 'middle', 'be_be', 16)];
  const zoneB: Aggregate[] = [hc(P, 'basic', 'be_non_eu', 12), hc(P, 'basic', 'be_be', 88), hc(P, 'middle', 'be_non_eu', 1), hc(P, 'middle', 'be_be', 9)];
  const q = (categories: string[] | null) => ({ periods: [P], measure: 'headcount' as const, categories, values: ['be_non_eu'] });

  it('answers each count with the sum of the zones’ counts', () => {
    const total = sumCounters([aggregateCounter(zoneA), aggregateCounter(zoneB)]);
    expect(total(q(null))).toBe(47);
    expect(total(q(['middle']))).toBe(5);
    expect(sumCounters([])(q(null))).toBe(0);
  });

  it('gives the same figures as the metrics of the zones’ aggregates put together', () => {
    const options = { period: P, group: MIGRATION, reference: BE_BE, categories: ['middle'] };
    const summed = computeZoneMetrics(BELGIUM_POLICE, sumCounters([aggregateCounter(zoneA), aggregateCounter(zoneB)]), options);
    expect(summed).toEqual(computeZoneMetrics(BELGIUM_POLICE, [...zoneA, ...zoneB], options));
    expect(summed.representation.ofDeclared).toMatchObject({ numerator: 5, denominator: 30 });
  });

  it('withholds a count of the total when any zone’s count is withheld', () => {
    const plainB = aggregateCounter(zoneB);
    const withheldB: Counter = (query) => (query.categories?.includes('middle') ? NaN : plainB(query));
    const total = sumCounters([aggregateCounter(zoneA), withheldB]);
    expect(total(q(['basic']))).toBe(42);
    expect(Number.isNaN(total(q(['middle'])))).toBe(true);
    const m = computeZoneMetrics(BELGIUM_POLICE, total, { period: P, group: MIGRATION, reference: BE_BE, categories: ['middle'] });
    expect(m.representation.ofDeclared.value).toBeNull();
  });
});

describe('sumCounters: whether the total has a measure', () => {
  const stocks = (value: number) => ['2024-Q4', ...WINDOW].flatMap((q) => [hc(q, 'basic', 'be_non_eu', value), hc(q, 'basic', 'be_be', 4 * value)]);
  const flows = [...supplied('hires'), ...supplied('promotions'), ...supplied('separations')];
  const zoneA = aggregateCounter([...stocks(20), ...flows, sep('2025-Q2', 'basic', 'be_non_eu', 2, 'resignation')]);
  const stocksOnly = aggregateCounter(stocks(30));
  const options = { period: P, group: MIGRATION, reference: BE_BE, categories: [] };

  it('a flow is supplied to the total only when every zone supplied it', () => {
    const total = sumCounters([zoneA, stocksOnly]);
    const m = computeZoneMetrics(BELGIUM_POLICE, total, options);
    // Zone B's 30 would otherwise be a base with 0 separations: the total says no data instead.
    expect(m.separation.retention.verdict).toBe('no_data');
    expect(m.separation.groupPer1000).toBeNull();
    expect(m.hiring.noData).toBe(true);
    expect(m.promotion.verdict).toBe('no_data');
    // The headcount of both zones is there: representation (20 + 30) of (100 + 150).
    expect(m.representation.ofDeclared).toMatchObject({ numerator: 50, denominator: 250 });
    // Both zones supplied: the total has its rate. 2 separations over 20 + 20.
    const both = computeZoneMetrics(BELGIUM_POLICE, sumCounters([zoneA, aggregateCounter([...stocks(20), ...flows])]), options);
    expect(both.separation.group).toMatchObject({ numerator: 2, denominator: 40 });
  });

  it('the headcount is supplied when any zone’s is; nothing without zones; withheld stays withheld', () => {
    const headcount = { periods: [P], measure: 'headcount' as const, categories: null, values: [], supplied: true as const };
    expect(sumCounters([zoneA, aggregateCounter([])])(headcount)).toBe(1);
    expect(sumCounters([])(headcount)).toBe(0);
    expect(sumCounters([])({ ...headcount, measure: 'separations' })).toBe(0);
    expect(Number.isNaN(sumCounters([zoneA, () => NaN])({ ...headcount, measure: 'separations' }))).toBe(true);
  });
});

describe('countsAsked and knownCounts (a zone’s answers kept for a total)', () => {
  // Zone A reports every quarter of the window, with flows; zone B only the last quarter, so the
  // total's average headcount asks B for quarters B's own figures never asked about.
  const quarters = ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
  const zoneA: Aggregate[] = [
    ...quarters.flatMap((q) => [hc(q, 'basic', 'be_non_eu', 40), hc(q, 'basic', 'be_be', 160), hc(q, 'agent', 'be_non_eu', 30), hc(q, 'agent', 'be_be', 50)]),
    hire('2025-Q2', 'basic', 'be_non_eu', 5),
    hire('2025-Q2', 'basic', 'be_be', 9),
    promo('2025-Q3', 'basic', 'be_non_eu', 4),
    promo('2025-Q3', 'basic', 'be_be', 6),
    sep('2025-Q1', 'basic', 'be_non_eu', 3, 'resignation'),
    sep('2025-Q4', 'basic', 'be_be', 2, 'retirement'),
    fun('2025-Q2', 'basic', 'applicants', 'be_non_eu', 20),
    fun('2025-Q2', 'basic', 'applicants', 'be_be', 30),
  ];
  const zoneB: Aggregate[] = [hc(P, 'basic', 'be_non_eu', 10), hc(P, 'basic', 'be_be', 20), sep(P, 'basic', 'be_non_eu', 1, 'dismissal')];
  // Both zones supplied every flow in every quarter of the window (zeros where nothing happened).
  const flows = [...supplied('hires'), ...supplied('promotions'), ...supplied('separations')];
  zoneA.push(...flows);
  zoneB.push(...flows);
  const options = { period: P, group: MIGRATION, reference: BE_BE, categories: [] };
  const compute = (count: Counter) => computeZoneMetrics(BELGIUM_POLICE, count, options);

  it('a zone’s answers to the counts asked give its figures back', () => {
    const asked = countsAsked(compute);
    for (const aggs of [zoneA, zoneB]) {
      const plain = aggregateCounter(aggs);
      expect(compute(knownCounts(asked)(asked.map(plain)))).toEqual(compute(plain));
    }
  });

  it('the zones’ answers, summed, give the figures of the zones’ data put together', () => {
    const asked = countsAsked(compute);
    const known = knownCounts(asked);
    const total = sumCounters([zoneA, zoneB].map((aggs) => known(asked.map(aggregateCounter(aggs)))));
    expect(compute(total)).toEqual(compute(aggregateCounter([...zoneA, ...zoneB])));
  });

  it('a count that was not asked is withheld', () => {
    const asked = countsAsked(compute);
    const counter = knownCounts(asked)(asked.map(() => 7));
    expect(counter(asked[0]!)).toBe(7);
    expect(Number.isNaN(counter({ periods: ['1999-Q1'], measure: 'headcount', categories: null, values: ['be_be'] }))).toBe(true);
  });
});

describe('resolveGroup and referenceGroup', () => {
  it('resolves a single value', () => {
    expect(resolveGroup(BELGIUM_POLICE, 'origin:be_eu')).toEqual({
      dimension: 'origin',
      code: 'be_eu',
      label: expect.objectContaining({ en: 'Belgian of EU origin' }),
      members: ['be_eu'],
    });
  });

  it('resolves a roll-up to its members', () => {
    const g = resolveGroup(BELGIUM_POLICE, 'origin:migration_background');
    expect(g?.dimension).toBe('origin');
    expect(g?.code).toBe('migration_background');
    expect(g?.label.en).toBe('Migration background');
    expect(g?.members).toEqual(['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu']);
    expect(resolveGroup(BELGIUM_POLICE, 'origin:non_eu_background')?.members).toEqual(['be_non_eu', 'non_be_non_eu']);
  });

  it('is null for an unknown code, an unknown dimension or a missing code', () => {
    expect(resolveGroup(BELGIUM_POLICE, 'origin:martian')).toBeNull();
    expect(resolveGroup(BELGIUM_POLICE, 'planet:be_eu')).toBeNull();
    expect(resolveGroup(BELGIUM_POLICE, 'origin')).toBeNull();
    expect(resolveGroup(BELGIUM_POLICE, 'origin:')).toBeNull();
  });

  it('is null for the "not declared" value: it is not a group', () => {
    expect(resolveGroup(BELGIUM_POLICE, 'origin:not_declared')).toBeNull();
    expect(resolveGroup(BELGIUM_POLICE, 'gender:not_declared')).toBeNull();
  });

  it("uses the profile's reference value as the reference group", () => {
    const r = referenceGroup(BELGIUM_POLICE, 'origin');
    expect(r.dimension).toBe('origin');
    expect(r.code).toBe('be_be');
    expect(r.members).toEqual(['be_be']);
    expect(referenceGroup(BELGIUM_POLICE, 'gender').members).toEqual(['male']);
  });

  it('falls back to the first declared value without a reference', () => {
    // age_band has no `reference`; its first declared value is under_30.
    expect(referenceGroup(BELGIUM_POLICE, 'age_band').members).toEqual(['under_30']);
  });

  it('refuses an unknown classification', () => {
    expect(() => referenceGroup(BELGIUM_POLICE, 'planet')).toThrow(RangeError);
  });
});

describe('groupSpecs and nationalDimension', () => {
  it('offers the roll-ups, then the declared values except the reference group', () => {
    expect(groupSpecs(dimensionOf(BELGIUM_POLICE, 'origin'))).toEqual([
      'origin:migration_background',
      'origin:non_eu_background',
      'origin:be_eu',
      'origin:be_non_eu',
      'origin:non_be_eu',
      'origin:non_be_non_eu',
    ]);
    expect(groupSpecs(dimensionOf(BELGIUM_POLICE, 'gender'))).toEqual(['gender:female', 'gender:x']);
  });

  it('leaves out the fallback reference of a classification without one, so every group offered can be compared', () => {
    const specs = groupSpecs(dimensionOf(BELGIUM_POLICE, 'age_band'));
    expect(specs).toEqual(['age_band:30_39', 'age_band:40_49', 'age_band:50_plus']);
    const reference = referenceGroup(BELGIUM_POLICE, 'age_band');
    for (const spec of specs) expect(resolveGroup(BELGIUM_POLICE, spec)!.members).not.toContain(reference.members[0]);
  });

  it('the national comparison is about origin', () => {
    expect(nationalDimension(BELGIUM_POLICE)?.code).toBe('origin');
    expect(nationalDimension({ ...BELGIUM_POLICE, dimensions: BELGIUM_POLICE.dimensions.filter((d) => d.code !== 'origin') })?.code).toBe('gender');
  });
});

describe('metricsPeriods', () => {
  it('covers the window and the quarter before it, at least a year back', () => {
    expect(metricsPeriods(P)).toEqual({ from: '2024-Q4', to: P });
    expect(metricsPeriods(P, 8)).toEqual({ from: '2023-Q4', to: P });
    expect(metricsPeriods(P, 2)).toEqual({ from: '2024-Q4', to: P });
  });
});

describe('representation', () => {
  const aggs: Aggregate[] = [
    // 2025-Q4: 140 staff, 115 declared, 30 with a migration background (20 + 5 + 5).
    hc(P, 'basic', 'be_be', 60),
    hc(P, 'basic', 'be_non_eu', 20),
    hc(P, 'basic', 'non_be_eu', 5),
    hc(P, 'basic', 'not_declared', 15),
    hc(P, 'middle', 'be_be', 25),
    hc(P, 'middle', 'be_eu', 5),
    hc(P, 'middle', 'not_declared', 10),
    // Flows of the quarter are not headcount.
    hire(P, 'basic', 'be_non_eu', 50),
    sep(P, 'basic', 'be_be', 7, 'retirement'),
    // 2025-Q3: 100 declared (60 + 16 + 20 + 4), 20 of them migration background; 10 not declared.
    hc('2025-Q3', 'basic', 'be_be', 60),
    hc('2025-Q3', 'basic', 'be_non_eu', 16),
    hc('2025-Q3', 'basic', 'not_declared', 10),
    hc('2025-Q3', 'middle', 'be_be', 20),
    hc('2025-Q3', 'middle', 'be_eu', 4),
    // 2024-Q4: 100 declared, 15 migration background.
    hc('2024-Q4', 'basic', 'be_be', 70),
    hc('2024-Q4', 'basic', 'be_non_eu', 10),
    hc('2024-Q4', 'middle', 'be_be', 15),
    hc('2024-Q4', 'middle', 'be_eu', 5),
  ];

  it('computes declaration rate and representation of declared and of total', () => {
    const r = metrics(aggs).representation;
    // declared / headcount = 115/140
    expectRate(r.declaration, 115, 140);
    // of declared = 30/115; of total = 30/140
    expectRate(r.ofDeclared, 30, 115);
    expect(r.ofTotal.value).toBeCloseTo(30 / 140, 12);
    expect(r.ofTotal.denominator).toBe(140);
    // Wilson interval of 30/115 (same formula as in the `rate` test).
    expect(r.ofDeclared.interval?.low).toBeCloseTo(0.18927463646034004, 12);
    expect(r.ofDeclared.interval?.high).toBeCloseTo(0.34792390901541836, 12);
  });

  it('gives the change vs the previous quarter and vs 4 quarters back in proportion points', () => {
    const r = metrics(aggs).representation;
    // 30/115 − 20/100 ≈ 0.0609; 30/115 − 15/100 ≈ 0.1109
    expect(r.changeQuarter).toBeCloseTo(30 / 115 - 20 / 100, 12);
    expect(r.changeYear).toBeCloseTo(30 / 115 - 15 / 100, 12);
  });

  it('filters by category', () => {
    const r = metrics(aggs, ['middle']).representation;
    // middle 2025-Q4: 40 staff, 30 declared, 5 be_eu
    expect(r.declaration.value).toBeCloseTo(30 / 40, 12);
    expect(r.ofDeclared.value).toBeCloseTo(5 / 30, 12);
    expect(r.ofTotal.value).toBeCloseTo(5 / 40, 12);
    // 2025-Q3 middle: 4/24; 2024-Q4 middle: 5/20
    expect(r.changeQuarter).toBeCloseTo(5 / 30 - 4 / 24, 12);
    expect(r.changeYear).toBeCloseTo(5 / 30 - 5 / 20, 12);
    // Listing every category present is the same as no filter.
    expect(metrics(aggs, ['basic', 'middle']).representation.ofDeclared.value).toBeCloseTo(30 / 115, 12);
    // A category with no staff.
    const none = metrics(aggs, ['officer']).representation;
    expect(none.declaration.value).toBeNull();
    expect(none.ofDeclared.value).toBeNull();
    expect(none.changeQuarter).toBeNull();
  });

  it('representationAt gives the same figures for any quarter', () => {
    const q3 = representationAt(aggs, '2025-Q3', ORIGIN, MIGRATION, []);
    // 2025-Q3: 110 staff, 100 declared, 20 migration background
    expect(q3.declaration.value).toBeCloseTo(100 / 110, 12);
    expect(q3.ofDeclared.value).toBeCloseTo(20 / 100, 12);
    expect(q3.ofTotal.value).toBeCloseTo(20 / 110, 12);
    const basic = representationAt(aggs, P, ORIGIN, MIGRATION, ['basic']);
    // basic 2025-Q4: 100 staff, 85 declared, 25 migration background
    expect(basic.declaration.value).toBeCloseTo(85 / 100, 12);
    expect(basic.ofDeclared.value).toBeCloseTo(25 / 85, 12);
    // The reference group: 85 be_be of 115 declared.
    expect(representationAt(aggs, P, ORIGIN, BE_BE, []).ofDeclared.value).toBeCloseTo(85 / 115, 12);
  });

  it('all staff not declared: declaration 0, representation of declared has no value', () => {
    const r = metrics([hc(P, 'basic', 'not_declared', 50), hc('2025-Q3', 'basic', 'be_be', 40), hc('2025-Q3', 'basic', 'be_eu', 10)]).representation;
    expect(r.declaration.value).toBe(0);
    expect(r.declaration.denominator).toBe(50);
    expect(r.ofDeclared.value).toBeNull();
    expect(r.ofDeclared.interval).toBeNull();
    expect(r.ofTotal.value).toBe(0);
    expect(r.changeQuarter).toBeNull();
  });

  it('a group absent from the zone is 0 with a real denominator', () => {
    const r = metrics([hc(P, 'basic', 'be_be', 50), hc(P, 'basic', 'not_declared', 10)]).representation;
    expect(r.ofDeclared.value).toBe(0);
    expect(r.ofDeclared.denominator).toBe(50);
    expect(r.ofDeclared.interval?.low).toBe(0);
    expect(r.ofTotal.value).toBe(0);
    expect(r.ofTotal.denominator).toBe(60);
  });

  it('no data at all: nothing has a value', () => {
    const r = metrics([]).representation;
    expect(r.declaration).toEqual(NO_DATA);
    expect(r.ofDeclared.value).toBeNull();
    expect(r.changeQuarter).toBeNull();
    expect(r.changeYear).toBeNull();
  });

  it('a quarter missing entirely leaves its change null', () => {
    // Without 2025-Q3 (only the year back): 30/115 − 15/100 still computed.
    const noPrevious = metrics(aggs.filter((a) => a.period !== '2025-Q3')).representation;
    expect(noPrevious.changeQuarter).toBeNull();
    expect(noPrevious.changeYear).toBeCloseTo(30 / 115 - 15 / 100, 12);
    // Without 2024-Q4.
    const noYearBack = metrics(aggs.filter((a) => a.period !== '2024-Q4')).representation;
    expect(noYearBack.changeQuarter).toBeCloseTo(30 / 115 - 20 / 100, 12);
    expect(noYearBack.changeYear).toBeNull();
  });
});

describe('hiring', () => {
  const aggs: Aggregate[] = [
    // Start of the window (2024-Q4): basic 80 be_be + 20 be_non_eu (+50 not declared); middle 30 be_be + 10 be_eu.
    hc('2024-Q4', 'basic', 'be_be', 80),
    hc('2024-Q4', 'basic', 'be_non_eu', 20),
    hc('2024-Q4', 'basic', 'not_declared', 50),
    hc('2024-Q4', 'middle', 'be_be', 30),
    hc('2024-Q4', 'middle', 'be_eu', 10),
    // A later headcount must not be used as the window's start.
    hc(P, 'basic', 'be_non_eu', 500),
    // Hires in the window.
    hire('2025-Q1', 'basic', 'be_non_eu', 3),
    hire('2025-Q2', 'basic', 'be_be', 4),
    hire('2025-Q3', 'basic', 'non_be_non_eu', 2, 'transfer_in'),
    hire('2025-Q4', 'basic', 'be_be', 3),
    hire('2025-Q4', 'basic', 'not_declared', 5),
    hire('2025-Q2', 'middle', 'be_eu', 4, 'transfer_in'),
    // Before the window.
    hire('2024-Q4', 'basic', 'be_non_eu', 10),
  ];

  it('compares the share of declared hires over the window with the workforce share at its start', () => {
    const h = metrics(aggs).hiring;
    // hires: group 3 + 2 + 4 = 9 of declared 3 + 4 + 2 + 3 + 4 = 16
    expectRate(h.share, 9, 16);
    // 2024-Q4 declared: 80 + 20 + 30 + 10 = 140, group 20 + 10 = 30
    expectRate(h.workforceShare, 30, 140);
    // (9/16)/(30/140) = 1260/480 = 2.625
    expect(h.ratio).toBeCloseTo(9 / 16 / (30 / 140), 12);
    expect(h.tooFewToConclude).toBe(false);
  });

  it('filters by category', () => {
    const h = metrics(aggs, ['basic']).hiring;
    // basic: hires 5 of 12 declared; start 20 of 100
    expect(h.share.value).toBeCloseTo(5 / 12, 12);
    expect(h.workforceShare.value).toBeCloseTo(20 / 100, 12);
    expect(h.ratio).toBeCloseTo(5 / 12 / (20 / 100), 12); // 25/12
    const m = metrics(aggs, ['middle']).hiring;
    // middle: 4 of 4 hires; start 10 of 40
    expect(m.share.value).toBe(1);
    expect(m.workforceShare.value).toBeCloseTo(10 / 40, 12);
    expect(m.ratio).toBeCloseTo(4, 12);
    // 4 declared hires < 5
    expect(m.tooFewToConclude).toBe(true);
  });

  it('is too few to conclude below 5 declared hires or a start workforce below 20 declared', () => {
    const base = [hc('2024-Q4', 'basic', 'be_be', 16), hc('2024-Q4', 'basic', 'be_eu', 4)]; // 20 declared
    const fiveHires = [hire('2025-Q1', 'basic', 'be_be', 3), hire('2025-Q2', 'basic', 'be_eu', 2), ...supplied('hires')];
    const ok = metrics([...base, ...fiveHires]).hiring;
    // 2/5 vs 4/20: ratio (2/5)/(4/20) = 2
    expect(ok.ratio).toBeCloseTo(2, 12);
    expect(ok.tooFewToConclude).toBe(false);
    expect(metrics([...base, hire('2025-Q1', 'basic', 'be_be', 2), hire('2025-Q2', 'basic', 'be_eu', 2), ...supplied('hires')]).hiring.tooFewToConclude).toBe(true);
    expect(metrics([hc('2024-Q4', 'basic', 'be_be', 15), hc('2024-Q4', 'basic', 'be_eu', 4), ...fiveHires]).hiring.tooFewToConclude).toBe(true);
  });

  it('has no ratio when the group is absent from the start workforce or nobody was hired', () => {
    const absent = metrics([hc('2024-Q4', 'basic', 'be_be', 50), hire('2025-Q1', 'basic', 'be_eu', 3), hire('2025-Q1', 'basic', 'be_be', 3), ...supplied('hires')]).hiring;
    expect(absent.workforceShare.value).toBe(0);
    expect(absent.share.value).toBeCloseTo(3 / 6, 12);
    expect(absent.ratio).toBeNull();
    // Nobody hired: the zone said 0 hires in every quarter of the window.
    const noHires = metrics([hc('2024-Q4', 'basic', 'be_be', 50), hc('2024-Q4', 'basic', 'be_eu', 50), ...supplied('hires')]).hiring;
    expect(noHires.share.value).toBeNull();
    expect(noHires.share.interval).toBeNull();
    expect(noHires.ratio).toBeNull();
    expect(noHires.tooFewToConclude).toBe(true);
    expect(noHires.withheld).toBe(false);
    expect(hiringVerdict(noHires)).toBe('too_few_to_conclude');
  });

  it('is no data, not "too few to conclude", when hires were not supplied for every quarter of the window', () => {
    const start = [hc('2024-Q4', 'basic', 'be_be', 50), hc('2024-Q4', 'basic', 'be_eu', 50)];
    // Headcounts only (a stocks-only source): no hires cell at all.
    const stocksOnly = metrics(start).hiring;
    expect(stocksOnly).toEqual({
      share: NO_DATA,
      workforceShare: NO_DATA,
      ratio: null,
      tooFewToConclude: false,
      withheld: false,
      noData: true,
    });
    expect(hiringVerdict(stocksOnly)).toBe('no_data');
    // Hires supplied for three quarters of four: still no data (the window is not covered).
    const threeQuarters = metrics([...start, ...supplied('hires', ['2025-Q1', '2025-Q2', '2025-Q3']), hire('2025-Q2', 'basic', 'be_eu', 6), hire('2025-Q2', 'basic', 'be_be', 6)]).hiring;
    expect(threeQuarters.noData).toBe(true);
    expect(threeQuarters.ratio).toBeNull();
    // Every quarter supplied, but no headcount at the window start: no workforce share to compare with.
    const noStart = metrics([...supplied('hires'), hire('2025-Q2', 'basic', 'be_eu', 6), hire('2025-Q2', 'basic', 'be_be', 6)]).hiring;
    expect(noStart.noData).toBe(true);
    // The same hires with the whole window supplied: a ratio. (6/12)/(50/100) = 1
    const all = metrics([...start, ...supplied('hires'), hire('2025-Q2', 'basic', 'be_eu', 6), hire('2025-Q2', 'basic', 'be_be', 6)]).hiring;
    expect(all.noData).toBe(false);
    expect(all.ratio).toBeCloseTo(1, 12);
  });

  it('says nothing beside a ratio it has, and suppressed only when withheld', () => {
    expect(hiringVerdict(metrics(aggs).hiring)).toBeNull();
    // 4 declared hires: too few, but the ratio is there and is shown with its base.
    expect(hiringVerdict(metrics(aggs, ['middle']).hiring)).toBeNull();
    expect(hiringVerdict({ ratio: null, tooFewToConclude: false, withheld: true })).toBe('suppressed');
  });
});

describe('promotion', () => {
  const aggs: Aggregate[] = [
    // Window start 2024-Q4.
    hc('2024-Q4', 'agent', 'be_be', 50),
    hc('2024-Q4', 'agent', 'be_non_eu', 10),
    hc('2024-Q4', 'basic', 'be_be', 100),
    hc('2024-Q4', 'basic', 'non_be_eu', 40),
    hc('2024-Q4', 'basic', 'not_declared', 30),
    hc('2024-Q4', 'middle', 'be_be', 30),
    hc('2024-Q4', 'middle', 'be_eu', 10),
    // officer feeds nobody: not a base.
    hc('2024-Q4', 'officer', 'be_be', 8),
    hc('2024-Q4', 'officer', 'be_non_eu', 2),
    // The headcount at the end of the window is not the base.
    hc(P, 'basic', 'non_be_eu', 400),
    hc(P, 'agent', 'be_be', 400),
    // Promotions in the window, counted in the category promoted into.
    promo('2025-Q1', 'basic', 'be_be', 5),
    promo('2025-Q2', 'basic', 'be_non_eu', 1),
    promo('2025-Q3', 'middle', 'be_be', 10),
    promo('2025-Q4', 'middle', 'non_be_eu', 2),
    promo('2025-Q2', 'officer', 'be_be', 3),
    // agent has no feeder: never a promotion target.
    promo('2025-Q3', 'agent', 'be_non_eu', 7),
    // Before the window; and not declared.
    promo('2024-Q4', 'middle', 'non_be_eu', 5),
    promo(P, 'middle', 'not_declared', 4),
  ];

  it('divides promotions over the window by the feeder headcount at the window start', () => {
    const p = metrics(aggs).promotion;
    // group: promotions 1 (basic) + 2 (middle) + 0 (officer) = 3; base agent 10 + basic 40 + middle 10 = 60
    expectRate(p.group, 3, 60);
    // reference: 5 + 10 + 3 = 18; base 50 + 100 + 30 = 180
    expectRate(p.reference, 18, 180);
    // (3/60)/(18/180) = 0.05/0.1 = 0.5; Fisher [[3,57],[18,162]]: p ≈ 0.299 (scipy)
    expect(p.impactRatio).toBeCloseTo(0.5, 12);
    expect(p.pValue).toBeCloseTo(0.2990784845558019, 6);
    expect(p.belowFourFifths).toBe(true);
    expect(p.verdict).toBe('below_four_fifths_not_significant');
  });

  it("category filter ['middle'] uses only basic's base", () => {
    const p = metrics(aggs, ['middle']).promotion;
    // group 2 / basic 40; reference 10 / basic 100
    expect(p.group.value).toBeCloseTo(2 / 40, 12);
    expect(p.group.denominator).toBe(40);
    expect(p.reference.value).toBeCloseTo(10 / 100, 12);
    expect(p.reference.denominator).toBe(100);
    // (2/40)/(10/100) = 0.5; Fisher [[2,38],[10,90]]: p ≈ 0.509
    expect(p.impactRatio).toBeCloseTo(0.5, 12);
    expect(p.verdict).toBe('below_four_fifths_not_significant');
  });

  it('a category filter of two promotion targets sums their feeders', () => {
    const p = metrics(aggs, ['basic', 'officer']).promotion;
    // group: 1 + 0 over agent 10 + middle 10; reference: 5 + 3 over agent 50 + middle 30
    expect(p.group.value).toBeCloseTo(1 / 20, 12);
    expect(p.reference.value).toBeCloseTo(8 / 80, 12);
    // 9 events in all, bases 20 and 80: ratio 0.5, Fisher not significant
    expect(p.impactRatio).toBeCloseTo(0.5, 12);
  });

  it('a category nobody is promoted into has no rate', () => {
    const p = metrics(aggs, ['agent']).promotion;
    expect(p.group.value).toBeNull();
    expect(p.group.denominator).toBe(0);
    expect(p.reference.value).toBeNull();
    expect(p.impactRatio).toBeNull();
    expect(p.verdict).toBe('too_few_to_conclude');
  });

  it('flags adverse impact in promotions when the gap is significant', () => {
    const p = metrics([
      hc('2024-Q4', 'basic', 'be_be', 100),
      hc('2024-Q4', 'basic', 'be_non_eu', 100),
      promo('2025-Q1', 'middle', 'be_be', 30),
      promo('2025-Q2', 'middle', 'be_non_eu', 2),
      ...supplied('promotions'),
    ]).promotion;
    // 2/100 vs 30/100: ratio 1/15, p ≈ 2.6e-8
    expect(p.impactRatio).toBeCloseTo(1 / 15, 12);
    expect(p.verdict).toBe('adverse_impact');
  });

  it('is no data when promotions were not supplied for every quarter of the window, or the feeder base at its start', () => {
    const base = [hc('2024-Q4', 'basic', 'be_be', 100), hc('2024-Q4', 'basic', 'be_non_eu', 100)];
    const stocksOnly = metrics(base).promotion;
    expect(stocksOnly).toEqual(NO_DATA_COMPARISON);
    expect(metrics([...base, ...supplied('promotions', ['2025-Q2', '2025-Q3', '2025-Q4'])]).promotion.verdict).toBe('no_data');
    expect(metrics(supplied('promotions')).promotion.verdict).toBe('no_data');
    // Supplied as zeros in every quarter: a promotion rate of 0 (a real one, with its interval).
    const none = metrics([...base, ...supplied('promotions')]).promotion;
    expect(none.group).toMatchObject({ value: 0, numerator: 0, denominator: 100 });
    expect(none.group.interval).not.toBeNull();
    expect(none.group.noData).toBeUndefined();
    expect(none.verdict).toBe('too_few_to_conclude');
  });
});

describe('separation and retention', () => {
  const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
  const groupBeNonEu = [30, 31, 32, 32];
  const reference = [200, 202, 203, 206];
  const aggs: Aggregate[] = [
    ...quarters.flatMap((q, i) => [
      hc(q, 'basic', 'be_non_eu', groupBeNonEu[i]!),
      hc(q, 'basic', 'non_be_eu', 10),
      hc(q, 'basic', 'be_be', reference[i]!),
      hc(q, 'basic', 'not_declared', 50),
      hc(q, 'middle', 'be_eu', 10),
    ]),
    // Before the window: not part of the average.
    hc('2024-Q4', 'basic', 'be_non_eu', 100),
    hc('2024-Q4', 'basic', 'be_be', 1000),
    // Group separations in basic: 3 + 2 = 5.
    sep('2025-Q1', 'basic', 'be_non_eu', 3, 'resignation'),
    sep('2025-Q3', 'basic', 'non_be_eu', 2, 'retirement'),
    // Reference separations: 2 + 6 + 2 = 10.
    sep('2025-Q1', 'basic', 'be_be', 2, 'resignation'),
    sep('2025-Q2', 'basic', 'be_be', 6, 'retirement'),
    sep('2025-Q4', 'basic', 'be_be', 2, 'dismissal'),
    // Not declared; middle; before the window.
    sep('2025-Q2', 'basic', 'not_declared', 4, 'other'),
    sep('2025-Q2', 'middle', 'be_eu', 1, 'transfer_out'),
    sep('2024-Q4', 'basic', 'be_non_eu', 10, 'resignation'),
  ];

  it('gives separations per 1,000 of the rounded average quarter-end headcount', () => {
    const s = metrics(aggs, ['basic']).separation;
    // group basic: (40 + 41 + 42 + 42)/4 = 41.25 → 41; 5 separations
    expectRate(s.group, 5, 41);
    expect(s.groupPer1000).toBeCloseTo((5 / 41) * 1000, 9); // ≈ 121.95
    // reference: (200 + 202 + 203 + 206)/4 = 202.75 → 203; 10 separations
    expect(s.reference.numerator).toBe(10);
    expect(s.reference.denominator).toBe(203);
    expect(s.referencePer1000).toBeCloseTo((10 / 203) * 1000, 9); // ≈ 49.26
  });

  it('compares retention (1 − separation rate)', () => {
    const r = metrics(aggs, ['basic']).separation.retention;
    // group 36/41, reference 193/203
    expectRate(r.group, 36, 41);
    expect(r.reference.value).toBeCloseTo(193 / 203, 12);
    // (36/41)/(193/203) ≈ 0.9235; Fisher [[36,5],[193,10]]: p ≈ 0.1435
    expect(r.impactRatio).toBeCloseTo(36 / 41 / (193 / 203), 12);
    expect(r.pValue).toBeCloseTo(0.14352337475171015, 6);
    expect(r.verdict).toBe('no_adverse_impact');
  });

  it('breaks separations down by reason', () => {
    const s = metrics(aggs, ['basic']).separation;
    // Reasons with separations in the window and categories analysed, in the profile's order of reasons.
    expect(s.byReason.map((b) => b.reason)).toEqual(['resignation', 'retirement', 'dismissal', 'other']);
    const by = Object.fromEntries(s.byReason.map((b) => [b.reason, b]));
    expect(by['dismissal']?.group.value).toBe(0);
    expect(by['dismissal']?.reference.value).toBeCloseTo(2 / 203, 12);
    expect(by['resignation']?.group.value).toBeCloseTo(3 / 41, 12);
    expect(by['resignation']?.reference.value).toBeCloseTo(2 / 203, 12);
    expect(by['retirement']?.group.value).toBeCloseTo(2 / 41, 12);
    expect(by['retirement']?.reference.value).toBeCloseTo(6 / 203, 12);
    expect(by['other']?.group.value).toBe(0);
    expect(by['other']?.reference.value).toBe(0);
    // transfer_out happened only in middle: not a reason within basic.
    expect(by['transfer_out']).toBeUndefined();
  });

  it('all categories include middle', () => {
    const s = metrics(aggs).separation;
    // group: (50 + 51 + 52 + 52)/4 = 51.25 → 51; 5 + 1 = 6 separations
    expect(s.group.value).toBeCloseTo(6 / 51, 12);
    expect(s.group.denominator).toBe(51);
    expect(s.groupPer1000).toBeCloseTo((6 / 51) * 1000, 9);
    const transfer = s.byReason.find((b) => b.reason === 'transfer_out');
    expect(transfer?.group.value).toBeCloseTo(1 / 51, 12);
  });

  it('caps separations at the average headcount', () => {
    const s = metrics([...quarters.map((q) => hc(q, 'basic', 'be_eu', 2)), sep('2025-Q2', 'basic', 'be_eu', 5, 'resignation'), ...supplied('separations')]).separation;
    expect(s.group.numerator).toBe(2);
    expect(s.group.value).toBe(1);
    expect(s.groupPer1000).toBe(1000);
    expect(s.retention.group.value).toBe(0);
  });

  it('is no data without any headcount in the window', () => {
    const s = metrics([sep('2025-Q2', 'basic', 'be_eu', 1, 'resignation'), ...supplied('separations')]).separation;
    expect(s.group.value).toBeNull();
    expect(s.group.interval).toBeNull();
    expect(s.group.noData).toBe(true);
    expect(s.groupPer1000).toBeNull();
    expect(s.referencePer1000).toBeNull();
    expect(s.retention.impactRatio).toBeNull();
    expect(s.retention.verdict).toBe('no_data');
  });

  it('is no data — not retention 100% and 0 per 1,000 — when separations were not supplied for every quarter', () => {
    const stocks = quarters.flatMap((q) => [hc(q, 'basic', 'be_eu', 40), hc(q, 'basic', 'be_be', 160)]);
    const s = metrics(stocks).separation;
    expect(s).toEqual({
      group: NO_DATA,
      reference: NO_DATA,
      groupPer1000: null,
      referencePer1000: null,
      retention: NO_DATA_COMPARISON,
      byReason: [],
    });
    // One quarter of the window without separations: no data either.
    expect(metrics([...stocks, ...supplied('separations', ['2025-Q1', '2025-Q2', '2025-Q4']), sep('2025-Q2', 'basic', 'be_eu', 2, 'resignation')]).separation.retention.verdict).toBe('no_data');
    // The control: zero separations supplied in every quarter is a real retention of 100% and a rate of 0.
    const none = metrics([...stocks, ...supplied('separations')]).separation;
    expect(none.group).toMatchObject({ value: 0, numerator: 0, denominator: 40 });
    expect(none.group.noData).toBeUndefined();
    expect(none.groupPer1000).toBe(0);
    expect(none.retention.group).toMatchObject({ value: 1, numerator: 40, denominator: 40 });
    expect(none.retention.verdict).not.toBe('no_data');
  });
});

describe('selection funnel', () => {
  const aggs: Aggregate[] = [
    // Group, basic: 100 applicants → 40 passed tests → 20 passed interview → 10 hired.
    fun('2025-Q1', 'basic', 'applicants', 'be_non_eu', 60),
    fun('2025-Q3', 'basic', 'applicants', 'non_be_non_eu', 40),
    fun('2025-Q1', 'basic', 'passed_tests', 'be_non_eu', 25),
    fun('2025-Q3', 'basic', 'passed_tests', 'non_be_non_eu', 15),
    fun('2025-Q1', 'basic', 'passed_interview', 'be_non_eu', 12),
    fun('2025-Q3', 'basic', 'passed_interview', 'non_be_non_eu', 8),
    fun('2025-Q3', 'basic', 'hired', 'be_non_eu', 10),
    // Reference, basic: 200 → 120 → 60 → 30.
    fun('2025-Q2', 'basic', 'applicants', 'be_be', 200),
    fun('2025-Q2', 'basic', 'passed_tests', 'be_be', 120),
    fun('2025-Q2', 'basic', 'passed_interview', 'be_be', 60),
    fun('2025-Q2', 'basic', 'hired', 'be_be', 30),
    // Not declared; before the window.
    fun('2025-Q2', 'basic', 'applicants', 'not_declared', 50),
    fun('2024-Q4', 'basic', 'applicants', 'be_non_eu', 1000),
    // Group, middle: 10 → 10 → 10 → 10.
    fun(P, 'middle', 'applicants', 'be_eu', 10),
    fun(P, 'middle', 'passed_tests', 'be_eu', 10),
    fun(P, 'middle', 'passed_interview', 'be_eu', 10),
    fun(P, 'middle', 'hired', 'be_eu', 10),
  ];

  it('gives each stage from the stage before, and hired from applicants, with comparisons', () => {
    const f = metrics(aggs, ['basic']).funnel;
    expect(f.map((s) => [s.stage, s.from])).toEqual([
      ['passed_tests', 'applicants'],
      ['passed_interview', 'passed_tests'],
      ['hired', 'passed_interview'],
      ['hired', 'applicants'],
    ]);
    const [tests, interview, hired, overall] = f.map((s) => s.comparison);
    // 40/100 vs 120/200: ratio 0.4/0.6 = 2/3; Fisher [[40,60],[120,80]]: p ≈ 0.00137
    expect(tests?.group.value).toBeCloseTo(40 / 100, 12);
    expect(tests?.reference.value).toBeCloseTo(120 / 200, 12);
    expect(tests?.impactRatio).toBeCloseTo(2 / 3, 12);
    expect(tests?.pValue).toBeCloseTo(0.0013724477291244632, 8);
    expect(tests?.verdict).toBe('adverse_impact');
    // 20/40 vs 60/120: ratio 1
    expect(interview?.group.value).toBeCloseTo(20 / 40, 12);
    expect(interview?.reference.value).toBeCloseTo(60 / 120, 12);
    expect(interview?.impactRatio).toBeCloseTo(1, 12);
    expect(interview?.verdict).toBe('no_adverse_impact');
    // 10/20 vs 30/60: ratio 1
    expect(hired?.group.value).toBeCloseTo(10 / 20, 12);
    expect(hired?.reference.value).toBeCloseTo(30 / 60, 12);
    expect(hired?.verdict).toBe('no_adverse_impact');
    // 10/100 vs 30/200: ratio 0.1/0.15 = 2/3; Fisher [[10,90],[30,170]]: p ≈ 0.281
    expect(overall?.group.value).toBeCloseTo(10 / 100, 12);
    expect(overall?.reference.value).toBeCloseTo(30 / 200, 12);
    expect(overall?.impactRatio).toBeCloseTo(2 / 3, 12);
    expect(overall?.pValue).toBeCloseTo(0.2811269763567596, 6);
    expect(overall?.verdict).toBe('below_four_fifths_not_significant');
  });

  it('sums all categories without a filter', () => {
    const [tests, , , overall] = metrics(aggs).funnel.map((s) => s.comparison);
    // group: 50/110 passed tests; 20/110 hired of applicants
    expect(tests?.group.numerator).toBe(50);
    expect(tests?.group.denominator).toBe(110);
    expect(overall?.group.value).toBeCloseTo(20 / 110, 12);
    expect(overall?.reference.value).toBeCloseTo(30 / 200, 12);
  });

  it('is empty without funnel counts in the window', () => {
    expect(metrics([fun('2024-Q4', 'basic', 'applicants', 'be_eu', 10), hc(P, 'basic', 'be_be', 10)]).funnel).toEqual([]);
  });
});

describe('windowQuarters', () => {
  const eight = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
  const aggs: Aggregate[] = [
    // 2023-Q4 (start of an 8-quarter window): 10 of 100; every later quarter: 20 of 100.
    hc('2023-Q4', 'basic', 'be_be', 90),
    hc('2023-Q4', 'basic', 'be_non_eu', 10),
    ...eight.flatMap((q) => [hc(q, 'basic', 'be_be', 80), hc(q, 'basic', 'be_non_eu', 20)]),
    hire('2024-Q1', 'basic', 'be_non_eu', 4),
    hire('2024-Q3', 'basic', 'be_be', 4),
    hire('2025-Q2', 'basic', 'be_non_eu', 1),
    hire('2025-Q3', 'basic', 'be_be', 1),
    promo('2024-Q2', 'middle', 'be_non_eu', 1),
    promo('2025-Q2', 'middle', 'be_non_eu', 1),
    promo('2025-Q1', 'middle', 'be_be', 4),
    sep('2024-Q2', 'basic', 'be_non_eu', 2, 'resignation'),
    sep('2025-Q3', 'basic', 'be_non_eu', 1, 'resignation'),
    // Every flow supplied in every quarter of the 8-quarter window.
    ...supplied('hires', eight),
    ...supplied('promotions', eight),
    ...supplied('separations', eight),
  ];

  it('defaults to 4 quarters', () => {
    const m = metrics(aggs);
    expect(m.window).toEqual({ from: '2025-Q1', to: P, quarters: 4 });
    // hires 1 of 2; start 2024-Q4: 20/100; ratio 2.5
    expect(m.hiring.share.value).toBeCloseTo(1 / 2, 12);
    expect(m.hiring.workforceShare.value).toBeCloseTo(20 / 100, 12);
    expect(m.hiring.ratio).toBeCloseTo(2.5, 12);
    // promotions into middle from basic at 2024-Q4: group 1/20, reference 4/80
    expect(m.promotion.group.value).toBeCloseTo(1 / 20, 12);
    expect(m.promotion.reference.value).toBeCloseTo(4 / 80, 12);
    // separations 1 over an average of 20
    expect(m.separation.group.value).toBeCloseTo(1 / 20, 12);
  });

  it('uses an 8-quarter window and its start when asked', () => {
    const m = metrics(aggs, [], 8);
    expect(m.window).toEqual({ from: '2024-Q1', to: P, quarters: 8 });
    // hires 4 + 1 = 5 of 10; start 2023-Q4: 10/100; ratio 0.5/0.1 = 5
    expect(m.hiring.share.value).toBeCloseTo(5 / 10, 12);
    expect(m.hiring.workforceShare.value).toBeCloseTo(10 / 100, 12);
    expect(m.hiring.ratio).toBeCloseTo(5, 12);
    // promotions 2 over basic 10 at 2023-Q4; reference 4 over 90
    expect(m.promotion.group.value).toBeCloseTo(2 / 10, 12);
    expect(m.promotion.reference.value).toBeCloseTo(4 / 90, 12);
    // separations 2 + 1 = 3 over an average of 20 (eight quarter ends of 20)
    expect(m.separation.group.value).toBeCloseTo(3 / 20, 12);
    expect(m.separation.reference.denominator).toBe(80);
    // Representation changes still compare with 1 and 4 quarters back: 20/100 each time.
    expect(m.representation.changeQuarter).toBeCloseTo(0, 12);
    expect(m.representation.changeYear).toBeCloseTo(0, 12);
  });
});

describe('glassCeiling', () => {
  const aggs: Aggregate[] = [
    hc(P, 'agent', 'be_be', 30),
    hc(P, 'agent', 'be_non_eu', 10),
    hc(P, 'agent', 'not_declared', 10),
    hc(P, 'basic', 'be_be', 80),
    hc(P, 'basic', 'non_be_eu', 20),
    hc(P, 'middle', 'be_be', 18),
    hc(P, 'middle', 'be_eu', 2),
    hc(P, 'officer', 'be_be', 10),
    hc(P, 'calog_d', 'not_declared', 5),
    // Another quarter is ignored.
    hc('2025-Q3', 'officer', 'be_eu', 100),
  ];

  it('gives representation and declaration per category and per category group', () => {
    const rows = glassCeiling(BELGIUM_POLICE, aggs, P, MIGRATION);
    expect(rows.map((r) => [r.category, r.level])).toEqual([
      ['agent', 'category'],
      ['basic', 'category'],
      ['middle', 'category'],
      ['officer', 'category'],
      ['operational', 'group'],
      ['calog_d', 'category'],
      ['calog_c', 'category'],
      ['calog_b', 'category'],
      ['calog_a', 'category'],
      ['calog', 'group'],
    ]);
    const row = (c: string) => rows.find((r) => r.category === c)!;
    // agent: 10 of 40 declared; 40 of 50 declared
    expect(row('agent').representation.value).toBeCloseTo(10 / 40, 12);
    expect(row('agent').declaration.value).toBeCloseTo(40 / 50, 12);
    expect(row('basic').representation.value).toBeCloseTo(20 / 100, 12);
    expect(row('basic').declaration.value).toBe(1);
    expect(row('middle').representation.value).toBeCloseTo(2 / 20, 12);
    // officer: the group is absent, 0 of 10
    expect(row('officer').representation.value).toBe(0);
    expect(row('officer').representation.denominator).toBe(10);
    // operational: (10 + 20 + 2 + 0)/(40 + 100 + 20 + 10) = 32/170; declared 170/180
    expect(row('operational').representation.value).toBeCloseTo(32 / 170, 12);
    expect(row('operational').declaration.value).toBeCloseTo(170 / 180, 12);
    // calog_d: nobody declared
    expect(row('calog_d').representation.value).toBeNull();
    expect(row('calog_d').declaration.value).toBe(0);
    // calog_c: nobody at all
    expect(row('calog_c').representation.value).toBeNull();
    expect(row('calog_c').declaration.value).toBeNull();
    expect(row('calog').representation.value).toBeNull();
    expect(row('calog').declaration.value).toBe(0);
    expect(row('calog').declaration.denominator).toBe(5);
  });
});

describe('inconsistent returns do not break the figures', () => {
  const P = '2025-Q4';
  const group = resolveGroup(BELGIUM_POLICE, 'origin:migration_background')!;
  const reference = referenceGroup(BELGIUM_POLICE, 'origin');
  const agg = (period: string, measure: Aggregate['measure'], detail: string, category: string, value: string, count: number): Aggregate => ({ period, measure, detail, category, value, count });

  it('more promotions than the feeder base at the window start: rate above 1, no interval, nothing concluded', () => {
    const aggs = [
      agg('2024-Q4', 'headcount', '', 'agent', 'be_non_eu', 2),
      agg('2024-Q4', 'headcount', '', 'agent', 'be_be', 50),
      agg('2025-Q2', 'promotions', '', 'basic', 'be_non_eu', 3),
      agg('2025-Q2', 'promotions', '', 'basic', 'be_be', 5),
      ...supplied('promotions'),
    ];
    const m = computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group, reference, categories: [] });
    expect(m.promotion.group).toEqual({ value: 3 / 2, numerator: 3, denominator: 2, interval: null });
    expect(m.promotion.pValue).toBeNull();
    expect(m.promotion.verdict).toBe('too_few_to_conclude');
  });

  it('a funnel stage larger than the stage before does not throw', () => {
    const aggs = [agg('2025-Q2', 'funnel', 'applicants', 'basic', 'be_eu', 2), agg('2025-Q2', 'funnel', 'passed_tests', 'basic', 'be_eu', 3)];
    const m = computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group, reference, categories: [] });
    expect(m.funnel[0]!.comparison.group).toMatchObject({ numerator: 3, denominator: 2, interval: null });
    expect(m.funnel[0]!.comparison.verdict).toBe('too_few_to_conclude');
  });

  it('a quarter without a headcount is left out of the average headcount, not counted as 0', () => {
    const aggs = [
      agg('2025-Q1', 'headcount', '', 'basic', 'be_eu', 40),
      agg('2025-Q2', 'headcount', '', 'basic', 'be_eu', 40),
      agg('2025-Q4', 'headcount', '', 'basic', 'be_eu', 40),
      agg('2025-Q4', 'separations', 'retirement', 'basic', 'be_eu', 3),
      // 2025-Q3's return has its separations (none), not its headcount.
      ...supplied('separations'),
    ];
    const m = computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group, reference, categories: [] });
    expect(m.separation.group).toMatchObject({ numerator: 3, denominator: 40 });
  });

  it('a quarter without a return makes the flows of its windows no data, not a rate over the other quarters', () => {
    const aggs = [
      ...['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q4'].map((q) => agg(q, 'headcount', '', 'basic', 'be_eu', 40)),
      agg('2025-Q4', 'separations', 'retirement', 'basic', 'be_eu', 3),
      ...supplied('separations', ['2025-Q1', '2025-Q2', '2025-Q4']),
      ...supplied('hires', ['2025-Q1', '2025-Q2', '2025-Q4']),
      ...supplied('promotions', ['2025-Q1', '2025-Q2', '2025-Q4']),
    ];
    const m = computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group, reference, categories: [] });
    expect(m.separation.retention.verdict).toBe('no_data');
    expect(m.separation.groupPer1000).toBeNull();
    expect(m.hiring.noData).toBe(true);
    expect(m.promotion.verdict).toBe('no_data');
    // The headcount figures of the quarter stand on their own.
    expect(m.representation.ofDeclared).toMatchObject({ value: 1, numerator: 40, denominator: 40 });
  });

  it('a category filter without funnel rows gives no funnel stages', () => {
    const aggs = [agg('2025-Q2', 'funnel', 'applicants', 'basic', 'be_eu', 20), agg('2025-Q2', 'funnel', 'hired', 'basic', 'be_eu', 2)];
    expect(computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group, reference, categories: ['calog_a'] }).funnel).toEqual([]);
  });
});
