import { type Cell, cellKey, classesKey, stockFlowGaps } from './cells.js';
import type { MeasureCode } from './measures.js';
import { BELGIUM_POLICE } from './profiles/index.js';

const F_BE = { gender: 'female', origin: 'be_be' };
const M_BE = { gender: 'male', origin: 'be_be' };
const F_ND = { gender: 'female', origin: 'not_declared' };

const cell = (measure: MeasureCode, detail: string, category: string, classes: Record<string, string>, count: number): Cell => ({
  measure,
  detail,
  category,
  classes,
  count,
});
const hc = (category: string, classes: Record<string, string>, count: number) => cell('headcount', '', category, classes, count);
const gaps = (previous: Cell[], current: Cell[]) => stockFlowGaps(BELGIUM_POLICE, previous, current);

describe('classesKey', () => {
  it('is the sorted key=value list', () => {
    expect(classesKey({ origin: 'be_be', gender: 'female' })).toBe('gender=female;origin=be_be');
    expect(classesKey({})).toBe('');
  });

  it('does not depend on key order', () => {
    expect(classesKey({ gender: 'x', age_band: '30_39', origin: 'be_eu' })).toBe(classesKey({ origin: 'be_eu', age_band: '30_39', gender: 'x' }));
  });

  it('distinguishes different values and an extra dimension', () => {
    expect(classesKey(F_BE)).not.toBe(classesKey(M_BE));
    expect(classesKey(F_BE)).not.toBe(classesKey({ ...F_BE, age_band: 'under_30' }));
  });
});

describe('cellKey', () => {
  it('combines measure, detail, category and classes', () => {
    expect(cellKey({ measure: 'hires', detail: 'new_recruit', category: 'agent', classes: { origin: 'be_be', gender: 'female' } })).toBe(
      'hires|new_recruit|agent|gender=female;origin=be_be',
    );
  });

  it('does not depend on the order of the classes', () => {
    const a = cellKey({ measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'non_be_eu' } });
    const b = cellKey({ measure: 'headcount', detail: '', category: 'basic', classes: { origin: 'non_be_eu', gender: 'male' } });
    expect(a).toBe(b);
  });

  it('differs when any part differs', () => {
    const base = { measure: 'separations' as const, detail: 'retirement', category: 'officer', classes: M_BE };
    const key = cellKey(base);
    expect(cellKey({ ...base, detail: 'resignation' })).not.toBe(key);
    expect(cellKey({ ...base, category: 'middle' })).not.toBe(key);
    expect(cellKey({ ...base, measure: 'hires' })).not.toBe(key);
    expect(cellKey({ ...base, classes: F_BE })).not.toBe(key);
  });
});

describe('stockFlowGaps', () => {
  // Previous quarter: 10 agents, 5 basic, 3 middle, 1 officer (all female, Belgian origin).
  const previous = [hc('agent', F_BE, 10), hc('basic', F_BE, 5), hc('middle', F_BE, 3), hc('officer', F_BE, 1)];
  // Flows: 2 new recruits + 1 transfer in as agent; one promotion at each step agent→basic→middle→officer;
  // 1 agent resigned, 1 officer retired.
  const flows = [
    cell('hires', 'new_recruit', 'agent', F_BE, 2),
    cell('hires', 'transfer_in', 'agent', F_BE, 1),
    ...['basic', 'middle', 'officer'].map((category) => cell('promotions', '', category, F_BE, 1)),
    cell('separations', 'resignation', 'agent', F_BE, 1),
    cell('separations', 'retirement', 'officer', F_BE, 1),
  ];

  it('finds no gap when every headcount follows from the flows', () => {
    // agent 10 + 3 − 1 out − 1 = 11; basic 5 + 1 − 1 = 5; middle 3 + 1 − 1 = 3; officer 1 + 1 − 1 = 1.
    const current = [...flows, hc('agent', F_BE, 11), hc('basic', F_BE, 5), hc('middle', F_BE, 3), hc('officer', F_BE, 1)];
    expect(gaps(previous, current)).toEqual([]);
  });

  it('reports the components and the size of a gap', () => {
    const current = [...flows, hc('agent', F_BE, 12), hc('basic', F_BE, 5), hc('middle', F_BE, 3), hc('officer', F_BE, 1)];
    expect(gaps(previous, current)).toEqual([
      {
        category: 'agent',
        classes: F_BE,
        previousHeadcount: 10,
        hires: 3,
        promotionsIn: 0,
        promotionsOut: 1,
        separations: 1,
        expected: 11,
        actual: 12,
        gap: 1,
      },
    ]);
  });

  it('counts promotions out of the single feeder category of the category promoted into', () => {
    // 3 promoted from middle to officer: middle loses 3, officer gains 3; headcounts left unchanged → two gaps.
    const result = gaps([hc('middle', M_BE, 6), hc('officer', M_BE, 2)], [cell('promotions', '', 'officer', M_BE, 3), hc('middle', M_BE, 6), hc('officer', M_BE, 2)]);
    expect(result.map((g) => [g.category, g.promotionsIn, g.promotionsOut, g.expected, g.actual, g.gap])).toEqual([
      ['middle', 0, 3, 3, 6, 3],
      ['officer', 3, 0, 5, 2, -3],
    ]);
  });

  it('follows the CALog feeder chain too', () => {
    const result = gaps([hc('calog_d', F_BE, 4), hc('calog_c', F_BE, 2)], [cell('promotions', '', 'calog_c', F_BE, 1), hc('calog_d', F_BE, 3), hc('calog_c', F_BE, 3)]);
    expect(result).toEqual([]);
  });

  it('does not take promotions out of anything for a category without feeders', () => {
    const result = gaps([hc('agent', F_BE, 5)], [cell('promotions', '', 'agent', F_BE, 2), hc('agent', F_BE, 7)]);
    expect(result).toEqual([]);
  });

  it('shows a declaration change as a +n / −n pair', () => {
    // Two women of Belgian origin withdrew their origin declaration: no flows at all.
    const result = gaps([hc('basic', F_BE, 10), hc('basic', F_ND, 4)], [hc('basic', F_BE, 8), hc('basic', F_ND, 6)]);
    expect(result).toHaveLength(2);
    const [be, nd] = result;
    expect(be).toMatchObject({ category: 'basic', classes: F_BE, previousHeadcount: 10, expected: 10, actual: 8, gap: -2 });
    expect(nd).toMatchObject({ category: 'basic', classes: F_ND, previousHeadcount: 4, expected: 4, actual: 6, gap: 2 });
    expect(result.reduce((s, g) => s + g.gap, 0)).toBe(0);
  });

  it('treats a group absent in the previous quarter as 0', () => {
    const nonEu = { gender: 'male', origin: 'non_be_non_eu' };
    expect(gaps(previous, [cell('hires', 'new_recruit', 'agent', nonEu, 2), hc('agent', nonEu, 2), hc('agent', F_BE, 10), hc('basic', F_BE, 5), hc('middle', F_BE, 3), hc('officer', F_BE, 1)])).toEqual([]);
    const result = gaps(previous, [cell('hires', 'new_recruit', 'agent', nonEu, 2), hc('agent', nonEu, 3), ...previous]);
    expect(result).toEqual([
      { category: 'agent', classes: nonEu, previousHeadcount: 0, hires: 2, promotionsIn: 0, promotionsOut: 0, separations: 0, expected: 2, actual: 3, gap: 1 },
    ]);
  });

  it('reports a group that vanished without any flow', () => {
    const result = gaps([hc('officer', M_BE, 1), hc('agent', F_BE, 4)], [hc('agent', F_BE, 4)]);
    expect(result).toEqual([
      { category: 'officer', classes: M_BE, previousHeadcount: 1, hires: 0, promotionsIn: 0, promotionsOut: 0, separations: 0, expected: 1, actual: 0, gap: -1 },
    ]);
  });

  it('with an empty previous quarter, every headcount is a gap of its full size, sorted by category', () => {
    const result = gaps([], [hc('basic', M_BE, 4), hc('agent', F_BE, 10)]);
    expect(result.map((g) => [g.category, g.previousHeadcount, g.expected, g.actual, g.gap])).toEqual([
      ['agent', 0, 0, 10, 10],
      ['basic', 0, 0, 4, 4],
    ]);
  });

  it('matches previous and current cells whatever the order of their classes', () => {
    expect(gaps([hc('agent', { origin: 'be_be', gender: 'female' }, 7)], [hc('agent', { gender: 'female', origin: 'be_be' }, 7)])).toEqual([]);
  });

  it('ignores the previous quarter’s flows and the funnel', () => {
    const prev = [hc('agent', F_BE, 5), cell('hires', 'new_recruit', 'agent', F_BE, 9), cell('separations', 'other', 'agent', F_BE, 9)];
    const cur = [hc('agent', F_BE, 5), cell('funnel', 'applicants', 'agent', F_BE, 40), cell('funnel', 'hired', 'agent', F_BE, 3)];
    expect(gaps(prev, cur)).toEqual([]);
  });

  it('sums several flow cells of the same group (hires by entry type, separations by reason)', () => {
    const cur = [
      cell('hires', 'new_recruit', 'agent', F_BE, 4),
      cell('hires', 'transfer_in', 'agent', F_BE, 2),
      cell('separations', 'retirement', 'agent', F_BE, 1),
      cell('separations', 'transfer_out', 'agent', F_BE, 2),
      cell('separations', 'dismissal', 'agent', F_BE, 1),
      hc('agent', F_BE, 20),
    ];
    // 20 + 6 − 4 = 22 expected, 20 actual.
    expect(gaps([hc('agent', F_BE, 20)], cur)).toEqual([
      { category: 'agent', classes: F_BE, previousHeadcount: 20, hires: 6, promotionsIn: 0, promotionsOut: 0, separations: 4, expected: 22, actual: 20, gap: -2 },
    ]);
  });
});
