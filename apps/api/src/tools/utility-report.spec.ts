import { type Aggregate, BELGIUM_POLICE, computeZoneMetrics, referenceGroup, resolveGroup } from '@equity/shared';
import { serve } from '../core/serve.js';
import { categorySets, type DatasetResult, formatReport, goals, inBound, mergeResults, readFigures, type TallyRow } from './utility-report.js';

describe('the publishable bound', () => {
  it('holds a figure whose every count and complement is 0 or at least k', () => {
    expect(inBound([{ numerator: 0, denominator: 0 }], 5)).toBe(true);
    expect(inBound([{ numerator: 5, denominator: 10 }], 5)).toBe(true);
    expect(inBound([{ numerator: 10, denominator: 10 }], 5)).toBe(true); // complement 0
    expect(inBound([{ numerator: 3, denominator: 10 }], 5)).toBe(false);
    expect(inBound([{ numerator: 5, denominator: 8 }], 5)).toBe(false); // complement 3
    expect(inBound([{ numerator: 6, denominator: 4 }], 3)).toBe(false); // more events than base
    // A ratio: both rates' counts.
    expect(inBound([{ numerator: 5, denominator: 10 }, { numerator: 2, denominator: 40 }], 5)).toBe(false);
    expect(inBound([{ numerator: { suppressed: true }, denominator: 10 }], 5)).toBe(false);
  });
});

describe('reading the headline figures of served metrics', () => {
  const periods = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'];
  const aggs: Aggregate[] = periods.flatMap((period) => [
    { period, measure: 'headcount', detail: '', category: 'basic', value: 'be_be', count: 60 },
    { period, measure: 'headcount', detail: '', category: 'basic', value: 'be_non_eu', count: 20 },
    { period, measure: 'headcount', detail: '', category: 'middle', value: 'be_be', count: 30 },
    { period, measure: 'headcount', detail: '', category: 'middle', value: 'be_non_eu', count: 6 },
    { period, measure: 'hires', detail: 'new_recruit', category: 'basic', value: 'be_non_eu', count: 2 },
    { period, measure: 'promotions', detail: '', category: 'middle', value: 'be_be', count: 2 },
    { period, measure: 'separations', detail: 'retirement', category: 'middle', value: 'be_be', count: 1 },
    { period, measure: 'funnel', detail: 'applicants', category: 'basic', value: 'be_non_eu', count: 30 },
    { period, measure: 'funnel', detail: 'hired', category: 'basic', value: 'be_non_eu', count: 3 },
  ]);
  const group = resolveGroup(BELGIUM_POLICE, 'origin:migration_background')!;
  const reference = referenceGroup(BELGIUM_POLICE, 'origin');
  const metrics = serve(computeZoneMetrics(BELGIUM_POLICE, aggs, { period: '2026-Q1', group, reference, categories: [] }), 1);

  it('reads every family, with the counts of the rates behind each', () => {
    const figures = readFigures(metrics, { reference: false, declaration: true });
    const families = [...new Set(figures.map((f) => f.family))];
    expect(families).toEqual(['representation', 'declaration rate', 'hiring share', 'hiring ratio', 'promotion rate', 'promotion impact ratio', 'separation rate', 'retention', 'funnel stages']);
    expect(figures.find((f) => f.id === 'representation')).toMatchObject({ value: 26 / 116, rates: [{ numerator: 26, denominator: 116 }] });
    expect(figures.find((f) => f.id === 'hiring ratio')!.rates).toHaveLength(2);
    expect(figures.find((f) => f.id === 'promotion impact ratio')!.rates).toHaveLength(2);
    expect(figures.filter((f) => f.family === 'funnel stages').map((f) => f.id)).toContain('funnel stages:applicants>hired');
    expect(new Set(figures.map((f) => f.id)).size).toBe(figures.length);
  });

  it('leaves out the impact ratio of the reference group and the declaration rate unless asked', () => {
    const ids = readFigures(metrics, { reference: true, declaration: false }).map((f) => f.id);
    expect(ids).not.toContain('promotion impact ratio');
    expect(ids).not.toContain('declaration rate');
  });

  it('takes a withheld figure as no value', () => {
    const served = serve(computeZoneMetrics(BELGIUM_POLICE, aggs, { period: '2026-Q1', group, reference, categories: ['middle'] }), 10);
    expect(readFigures(served, { reference: false, declaration: false }).find((f) => f.id === 'representation')!.value).toBeNull();
  });

  it('measures all staff, each category group and each category', () => {
    const sets = categorySets(BELGIUM_POLICE);
    expect(sets.map((s) => s.level)).toEqual(['all staff', 'category group', 'category group', ...BELGIUM_POLICE.categories.map(() => 'category')]);
    expect(sets[1]).toEqual({ level: 'category group', code: 'operational', categories: ['agent', 'basic', 'middle', 'officer'] });
  });
});

describe('goals and the printed table', () => {
  const tally = (over: Partial<TallyRow>): TallyRow => ({ role: 'management', family: 'representation', level: 'all staff', computable: 100, bound: 100, published: 96, publishedOutsideBound: 0, ...over });
  const result = (tallies: TallyRow[]): DatasetResult => ({
    dataset: 'demo',
    profile: 'belgium-police',
    zones: 1,
    quarters: 1,
    periods: { first: '2026-Q1', last: '2026-Q1' },
    quarterList: ['2026-Q1'],
    thresholds: { management: 5, researcher: 10 },
    figures: 0,
    seconds: 0,
    tallies,
    byGroup: [],
    byZone: [],
    watch: null,
    notCollected: [],
    outsideBound: [],
    samples: [],
  });

  it('asks 95% of the bound per role, dataset and family at all staff and category-group level; the category level does not count', () => {
    const list = goals([
      result([
        tally({}),
        tally({ level: 'category', published: 0 }),
        tally({ role: 'researcher', family: 'retention', level: 'category group', published: 90 }),
      ]),
    ]);
    const of = (role: string, figure: string) => list.find((g) => g.role === role && g.figure === figure)!;
    expect(of('management', 'representation')).toMatchObject({ share: 0.96, met: true });
    expect(of('researcher', 'retention')).toMatchObject({ share: 0.9, met: false });
    // Nothing in the bound: nothing to miss.
    expect(of('researcher', 'hiring ratio')).toMatchObject({ share: null, met: true });
  });

  it('prints published / bound and the share per role, family and level', () => {
    const text = formatReport([result([tally({}), tally({ level: 'category', bound: 10, published: 4 })])]);
    expect(text).toContain('| demo | management (5) | representation | 96/100 96.0% | — | 4/10 40.0% | 96/100 96.0% ✓ |');
  });

  it('adds up the parts measured by several processes', () => {
    const a = { ...result([tally({}), tally({ role: 'researcher', bound: 50, published: 5 })]), zones: 3, figures: 10, quarterList: ['2026-Q1'] };
    const b = { ...result([tally({ bound: 20, published: 20 })]), zones: 2, figures: 4, quarterList: ['2026-Q2'] };
    const merged = mergeResults([a, b]);
    expect(merged).toMatchObject({ zones: 5, figures: 14, quarters: 2, periods: { first: '2026-Q1', last: '2026-Q2' } });
    expect(merged.tallies.map((t) => [t.role, t.bound, t.published])).toEqual([
      ['management', 120, 116],
      ['researcher', 50, 5],
    ]);
  });
});
