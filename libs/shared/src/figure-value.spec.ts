import { type Aggregate, computeZoneMetrics, type Group } from './analytics.js';
import { figureValue, noValueReason } from './figure-value.js';
import { FIGURE_CODES, type FigureCode } from './figures.js';
import { BELGIUM_POLICE } from './profiles/belgium-police.js';
import { serveMetrics } from './serve.js';

// Every expected value is worked out by hand from the aggregates below and written as a fraction.

const P = '2025-Q4';
/** The default window ending with P, and its start. */
const WINDOW = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
const QUARTERS = ['2024-Q4', ...WINDOW];
const MIGRATION: Group = { dimension: 'origin', code: 'migration_background', label: { en: 'Migration background' }, members: ['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu'] };
const BE_BE: Group = { dimension: 'origin', code: 'be_be', label: { en: 'Belgian of Belgian origin' }, members: ['be_be'] };

const cell = (measure: Aggregate['measure'], period: string, category: string, value: string, count: number, detail = ''): Aggregate => ({ period, measure, detail, category, value, count });
/** Headcounts of every quarter: basic be_be/be_eu/not declared, middle be_be/be_eu. */
const headcounts = (basic: [number, number, number], middle: [number, number], quarters = QUARTERS): Aggregate[] =>
  quarters.flatMap((p) => [
    cell('headcount', p, 'basic', 'be_be', basic[0]),
    cell('headcount', p, 'basic', 'be_eu', basic[1]),
    cell('headcount', p, 'basic', 'not_declared', basic[2]),
    cell('headcount', p, 'middle', 'be_be', middle[0]),
    cell('headcount', p, 'middle', 'be_eu', middle[1]),
  ]);
/** Flows supplied in every quarter of the window (an explicit 0 each), with some events. */
const flows = (hires: [number, number, number], promotions: [number, number], separations: [number, number]): Aggregate[] => [
  ...WINDOW.flatMap((p) => [cell('hires', p, 'basic', 'be_be', 0, 'new_recruit'), cell('promotions', p, 'middle', 'be_be', 0), cell('separations', p, 'basic', 'be_be', 0, 'other')]),
  cell('hires', '2025-Q2', 'basic', 'be_eu', hires[0], 'new_recruit'),
  cell('hires', '2025-Q2', 'basic', 'be_be', hires[1], 'new_recruit'),
  cell('hires', '2025-Q2', 'basic', 'not_declared', hires[2], 'new_recruit'),
  cell('promotions', '2025-Q3', 'middle', 'be_eu', promotions[0]),
  cell('promotions', '2025-Q3', 'middle', 'be_be', promotions[1]),
  cell('separations', '2025-Q3', 'basic', 'be_eu', separations[0], 'resignation'),
  cell('separations', '2025-Q3', 'basic', 'be_be', separations[1], 'resignation'),
];

/**
 * A zone of 190: group (be_eu) 40 basic + 10 middle, reference (be_be) 80 + 40, 20 not declared.
 * Window: 10 of 30 declared hires, 5 of the group's 50 and 24 of the reference's 120 promoted into
 * middle (feeders basic and middle at the start), 4 and 6 resignations.
 */
const ZONE = [...headcounts([80, 40, 20], [40, 10]), ...flows([10, 20, 5], [5, 24], [4, 6])];
/** A zone of 4 (1 in the group): every count of the group below 5. */
const SMALL = [...headcounts([2, 1, 1], [0, 0]), ...flows([1, 1, 0], [1, 1], [1, 1])];
/** The zone with headcounts only (a stocks-only source): no flows supplied. */
const STOCKS_ONLY = headcounts([80, 40, 20], [40, 10]);
/** The zone without a headcount in P (its flows supplied). */
const NO_HEADCOUNT_AT_P = [...headcounts([80, 40, 20], [40, 10], QUARTERS.slice(0, -1)), ...flows([10, 20, 5], [5, 24], [4, 6])];

const served = (aggs: Aggregate[], k = 1, categories: string[] = []) =>
  serveMetrics(computeZoneMetrics(BELGIUM_POLICE, aggs, { period: P, group: MIGRATION, reference: BE_BE, categories, funnel: false }), k);
const BENCHMARK = { benchmark: { share: 0.2 } };

describe('figureValue, the one reader of a figure', () => {
  it('reads every figure of the registry with its value and the rate behind it', () => {
    const m = served(ZONE);
    const expected: Record<FigureCode, { value: number; numerator: number; denominator: number }> = {
      representation: { value: 50 / 170, numerator: 50, denominator: 170 },
      representation_of_total: { value: 50 / 190, numerator: 50, denominator: 190 },
      declaration_rate: { value: 170 / 190, numerator: 170, denominator: 190 },
      hiring_share: { value: 10 / 30, numerator: 10, denominator: 30 },
      // (10/30) ÷ (50/170), the hiring share against the workforce share at the window start.
      hiring_ratio: { value: 170 / 150, numerator: 10, denominator: 30 },
      promotion_rate: { value: 5 / 50, numerator: 5, denominator: 50 },
      // (5/50) ÷ (24/120)
      promotion_impact_ratio: { value: 0.5, numerator: 5, denominator: 50 },
      // 4 separations ÷ an average headcount of 50, × 1,000
      separations_per_1000: { value: 80, numerator: 4, denominator: 50 },
      retention: { value: 46 / 50, numerator: 46, denominator: 50 },
      // 50/190 − 0.2
      availability_gap: { value: 50 / 190 - 0.2, numerator: 50, denominator: 190 },
    };
    for (const code of FIGURE_CODES) {
      const f = figureValue(code, m, BENCHMARK);
      expect({ code, reason: f.reason }).toEqual({ code, reason: null });
      expect(f.value).toBeCloseTo(expected[code].value, 12);
      expect([f.rate.numerator, f.rate.denominator]).toEqual([expected[code].numerator, expected[code].denominator]);
    }
    // A rate figure carries its interval; the verdicts are the comparisons'.
    expect(figureValue('representation', m).rate.interval).not.toBeNull();
    expect(figureValue('representation', m).verdict).toBeNull();
    expect(figureValue('retention', m).verdict).toBe(m.separation.retention.verdict);
    expect(figureValue('promotion_impact_ratio', m).verdict).toBe(m.promotion.verdict);
  });

  it('reads the figures of a selection of categories (per rank)', () => {
    // Middle only: 10 of 50; promotions into middle from basic at the start: 5 of 40, 24 of 80.
    const m = served(ZONE, 1, ['middle']);
    expect(figureValue('representation', m).value).toBeCloseTo(10 / 50, 12);
    expect(figureValue('declaration_rate', m).value).toBe(1);
    expect(figureValue('promotion_rate', m).value).toBeCloseTo(5 / 40, 12);
    expect(figureValue('promotion_impact_ratio', m).value).toBeCloseTo(5 / 40 / (24 / 80), 12);
    // Nobody of middle left: 0 per 1,000 (separations were supplied), retention 1.
    expect(figureValue('separations_per_1000', m).value).toBe(0);
    expect(figureValue('retention', m).value).toBe(1);
  });

  it('says "suppressed" for every figure whose counts are withheld from the caller (k = 5), never a value', () => {
    const m = served(SMALL, 5);
    for (const code of FIGURE_CODES) {
      const f = figureValue(code, m, BENCHMARK);
      expect({ code, value: f.value, reason: f.reason }).toEqual({ code, value: null, reason: 'suppressed' });
    }
    // The same zone with full access has values.
    const full = served(SMALL, 1);
    expect(figureValue('representation', full, BENCHMARK).value).toBeCloseTo(1 / 3, 12);
    expect(figureValue('separations_per_1000', full).value).toBe(1000);
  });

  it('withholds retention and separations per 1,000 with a withheld separation count, and nothing else', () => {
    // k = 5: 4 separations of the group are withheld; every other count of ZONE is 5 or more.
    const m = served(ZONE, 5);
    expect(figureValue('separations_per_1000', m)).toMatchObject({ value: null, reason: 'suppressed' });
    expect(figureValue('retention', m)).toMatchObject({ value: null, reason: 'suppressed', verdict: 'suppressed' });
    expect(figureValue('representation', m)).toMatchObject({ value: 50 / 170, reason: null });
    expect(figureValue('promotion_impact_ratio', m).value).toBeCloseTo(0.5, 12);
  });

  it('says "no data" for a figure whose measure was not supplied, never 0', () => {
    const stocks = served(STOCKS_ONLY, 5);
    for (const code of ['hiring_share', 'hiring_ratio', 'promotion_rate', 'promotion_impact_ratio', 'separations_per_1000', 'retention'] as const) {
      const f = figureValue(code, stocks);
      expect({ code, value: f.value, reason: f.reason }).toEqual({ code, value: null, reason: 'no_data' });
    }
    expect(figureValue('representation', stocks).value).toBeCloseTo(50 / 170, 12);
    const noHeadcount = served(NO_HEADCOUNT_AT_P);
    for (const code of ['representation', 'representation_of_total', 'declaration_rate', 'availability_gap'] as const) {
      const f = figureValue(code, noHeadcount, BENCHMARK);
      expect({ code, value: f.value, reason: f.reason }).toEqual({ code, value: null, reason: 'no_data' });
    }
    // Not supplied is no data with or without a benchmark.
    expect(figureValue('availability_gap', noHeadcount).reason).toBe('no_data');
  });

  it('has no gap and no reason without an availability benchmark', () => {
    expect(figureValue('availability_gap', served(ZONE))).toMatchObject({ value: null, reason: null });
    expect(figureValue('availability_gap', served(SMALL, 5))).toMatchObject({ value: null, reason: null });
  });

  it('shows an inconclusive ratio beside its verdict, and none for targets (conclusiveOnly)', () => {
    // SMALL with full access: (1/1) ÷ (1/2) = 2, but bases of 1 and 2.
    const m = served(SMALL, 1);
    expect(figureValue('promotion_impact_ratio', m)).toMatchObject({ value: 2, verdict: 'too_few_to_conclude', reason: null });
    expect(figureValue('promotion_impact_ratio', m, { conclusiveOnly: true })).toMatchObject({ value: null, verdict: 'too_few_to_conclude', reason: 'too_few_to_conclude' });
    // A conclusive ratio is read with conclusiveOnly too.
    expect(figureValue('promotion_impact_ratio', served(ZONE), { conclusiveOnly: true }).value).toBeCloseTo(0.5, 12);
  });
});

describe('noValueReason, why a figure has none (API exports and the dashboard alike)', () => {
  const rate = (numerator: number | { suppressed: true }, denominator: number | { suppressed: true }, noData = false) =>
    ({ numerator, denominator, value: null, interval: null, ...(noData ? { noData: true } : {}) }) as unknown as Parameters<typeof noValueReason>[0];
  it('no data first, then withheld, then too few to conclude; none for a figure with a base of 0', () => {
    expect(noValueReason(rate(0, 0, true), 'suppressed')).toBe('no_data');
    expect(noValueReason(null, 'no_data')).toBe('no_data');
    expect(noValueReason(rate({ suppressed: true }, 40), null)).toBe('suppressed');
    expect(noValueReason(rate(3, 40), 'suppressed')).toBe('suppressed');
    expect(noValueReason(rate(3, 40), 'too_few_to_conclude')).toBe('too_few_to_conclude');
    expect(noValueReason(rate(0, 0), null)).toBeNull();
    expect(noValueReason(undefined, 'no_adverse_impact')).toBeNull();
  });
});
