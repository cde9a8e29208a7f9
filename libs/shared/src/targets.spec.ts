import type { Aggregate, Group } from './analytics.js';
import { BELGIUM_POLICE } from './profiles/belgium-police.js';
import {
  flowProjection,
  flowRates,
  isTargetMetric,
  PROJECTION_HORIZON_QUARTERS,
  projectTrend,
  STATUS_TOLERANCE,
  TARGET_METRICS,
  targetStatus,
  trajectory,
  TREND_QUARTERS,
} from './targets.js';

// Expected numbers are computed by hand and written as fractions in the assertions.

const MIGRATION: Group = {
  dimension: 'origin',
  code: 'migration_background',
  label: { en: 'Migration background' },
  members: ['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu'],
};
const NON_EU: Group = { dimension: 'origin', code: 'non_eu_background', label: { en: 'Non-EU background' }, members: ['be_non_eu', 'non_be_non_eu'] };

const hc = (period: string, category: string, value: string, count: number): Aggregate => ({ period, measure: 'headcount', detail: '', category, value, count });
const hire = (period: string, category: string, value: string, count: number, detail = 'new_recruit'): Aggregate => ({ period, measure: 'hires', detail, category, value, count });
const sep = (period: string, category: string, value: string, count: number, reason: string): Aggregate => ({ period, measure: 'separations', detail: reason, category, value, count });

/** A series of consecutive quarters from `first`. */
function series(first: string, values: (number | null)[]): { period: string; value: number | null }[] {
  const [y, q] = first.split('-Q').map(Number) as [number, number];
  return values.map((value, i) => {
    const index = y * 4 + q - 1 + i;
    return { period: `${Math.floor(index / 4)}-Q${(index % 4) + 1}`, value };
  });
}

describe('target metrics', () => {
  it('knows its metrics', () => {
    expect(TARGET_METRICS).toEqual(['representation', 'hiring_share', 'promotion_impact_ratio', 'retention']);
    expect(isTargetMetric('representation')).toBe(true);
    expect(isTargetMetric('promotion_impact_ratio')).toBe(true);
    expect(isTargetMetric('separations_per_1000')).toBe(false);
    expect(TREND_QUARTERS).toBe(8);
    expect(PROJECTION_HORIZON_QUARTERS).toBe(20);
  });
});

describe('trajectory', () => {
  // Baseline 2024-Q4 at 0.20, target 0.30 at 2026-Q4: 8 quarters, +0.0125 a quarter.
  const t = (period: string) => trajectory(0.2, 0.3, '2024-Q4', '2026-Q4', period);

  it('starts at the baseline value', () => {
    expect(t('2024-Q4')).toBeCloseTo(0.2, 12);
  });

  it('is a straight line in between', () => {
    // 2 of 8 quarters: 0.2 + 0.1·2/8 = 0.225; 4 of 8: 0.25; 7 of 8: 0.2875
    expect(t('2025-Q2')).toBeCloseTo(0.225, 12);
    expect(t('2025-Q4')).toBeCloseTo(0.25, 12);
    expect(t('2026-Q3')).toBeCloseTo(0.2875, 12);
  });

  it('reaches the target at the deadline', () => {
    expect(t('2026-Q4')).toBeCloseTo(0.3, 12);
  });

  it('clamps before the baseline and after the deadline', () => {
    expect(t('2023-Q1')).toBeCloseTo(0.2, 12);
    expect(t('2024-Q3')).toBeCloseTo(0.2, 12);
    expect(t('2027-Q1')).toBeCloseTo(0.3, 12);
    expect(t('2030-Q4')).toBeCloseTo(0.3, 12);
  });

  it('also works downwards and for a deadline not after the baseline', () => {
    // 0.9 → 0.8 over 4 quarters: 2 quarters in = 0.85
    expect(trajectory(0.9, 0.8, '2025-Q1', '2026-Q1', '2025-Q3')).toBeCloseTo(0.85, 12);
    expect(trajectory(0.2, 0.3, '2025-Q1', '2025-Q1', '2024-Q1')).toBe(0.3);
  });
});

describe('targetStatus', () => {
  it('has no data without an actual value', () => {
    expect(targetStatus('representation', null, 0.25, 0.3)).toBe('no_data');
    expect(targetStatus('representation', null, 0.25, 0.3, 'no_data')).toBe('no_data');
    // A value withheld by disclosure control is not missing data.
    expect(targetStatus('representation', null, 0.25, 0.3, 'suppressed')).toBe('suppressed');
    expect(targetStatus('promotion_impact_ratio', null, 0.9, 1, 'too_few_to_conclude')).toBe('too_few_to_conclude');
  });

  it('is achieved once the target is reached, whatever the trajectory', () => {
    expect(targetStatus('representation', 0.3, 0.35, 0.3)).toBe('achieved');
    expect(targetStatus('representation', 0.31, 0.25, 0.3)).toBe('achieved');
    expect(targetStatus('promotion_impact_ratio', 1, 0.95, 1)).toBe('achieved');
  });

  describe('share metric (representation: on track within 0.005, at risk within 0.02)', () => {
    const tol = STATUS_TOLERANCE.representation;

    it('has the documented tolerances', () => {
      expect(tol).toEqual({ onTrack: 0.005, atRisk: 0.02 });
    });

    it('is on track above or exactly on the trajectory', () => {
      expect(targetStatus('representation', 0.27, 0.25, 0.3)).toBe('on_track');
      expect(targetStatus('representation', 0.25, 0.25, 0.3)).toBe('on_track');
      // 0.248 − 0.25 = −0.002
      expect(targetStatus('representation', 0.248, 0.25, 0.3)).toBe('on_track');
    });

    // Boundaries: trajectory 2·tol and actual tol give a gap of exactly −tol in floating point
    // (doubling and x − 2x are exact), so these test the comparison and not the rounding.
    it('is on track exactly at −onTrack and at risk just below', () => {
      expect(targetStatus('representation', tol.onTrack, 2 * tol.onTrack, 0.3)).toBe('on_track');
      expect(targetStatus('representation', tol.onTrack * (1 - 1e-4), 2 * tol.onTrack, 0.3)).toBe('at_risk');
    });

    it('is at risk exactly at −atRisk and off track just below', () => {
      expect(targetStatus('representation', tol.atRisk, 2 * tol.atRisk, 0.3)).toBe('at_risk');
      expect(targetStatus('representation', tol.atRisk * (1 - 1e-4), 2 * tol.atRisk, 0.3)).toBe('off_track');
    });

    it('puts a gap of exactly the tolerance, written in decimals, in the better band', () => {
      // 0.245 − 0.25 is −0.0050000000000000044 in floating point: still on track.
      expect(targetStatus('representation', 0.245, 0.25, 0.4)).toBe('on_track');
      expect(targetStatus('representation', 0.18, 0.2, 0.4)).toBe('at_risk');
      expect(targetStatus('promotion_impact_ratio', 0.88, 0.9, 1)).toBe('on_track');
      expect(targetStatus('promotion_impact_ratio', 0.72, 0.8, 1)).toBe('at_risk');
    });

    it('classifies plain gaps', () => {
      // gap −0.01: at risk; gap −0.03: off track
      expect(targetStatus('representation', 0.24, 0.25, 0.3)).toBe('at_risk');
      expect(targetStatus('representation', 0.22, 0.25, 0.3)).toBe('off_track');
    });

    it('uses the hiring share and retention tolerances', () => {
      expect(STATUS_TOLERANCE.hiring_share).toEqual({ onTrack: 0.01, atRisk: 0.04 });
      expect(STATUS_TOLERANCE.retention).toEqual({ onTrack: 0.005, atRisk: 0.02 });
      // hiring share: gap −0.008 on track, −0.03 at risk, −0.05 off track (trajectory 0.25)
      expect(targetStatus('hiring_share', 0.242, 0.25, 0.3)).toBe('on_track');
      expect(targetStatus('hiring_share', 0.22, 0.25, 0.3)).toBe('at_risk');
      expect(targetStatus('hiring_share', 0.2, 0.25, 0.3)).toBe('off_track');
      // the same −0.008 gap is at risk for representation
      expect(targetStatus('representation', 0.242, 0.25, 0.3)).toBe('at_risk');
    });
  });

  describe('promotion impact ratio (on track within 0.02, at risk within 0.08)', () => {
    const tol = STATUS_TOLERANCE.promotion_impact_ratio;

    it('has the documented tolerances', () => {
      expect(tol).toEqual({ onTrack: 0.02, atRisk: 0.08 });
    });

    it('is on track exactly at −onTrack and at risk just below', () => {
      expect(targetStatus('promotion_impact_ratio', tol.onTrack, 2 * tol.onTrack, 1)).toBe('on_track');
      expect(targetStatus('promotion_impact_ratio', tol.onTrack * (1 - 1e-4), 2 * tol.onTrack, 1)).toBe('at_risk');
    });

    it('is at risk exactly at −atRisk and off track just below', () => {
      expect(targetStatus('promotion_impact_ratio', tol.atRisk, 2 * tol.atRisk, 1)).toBe('at_risk');
      expect(targetStatus('promotion_impact_ratio', tol.atRisk * (1 - 1e-4), 2 * tol.atRisk, 1)).toBe('off_track');
    });

    it('classifies plain gaps in ratio units', () => {
      // trajectory 0.90, target 1: 0.89 (−0.01) on track, 0.85 (−0.05) at risk, 0.80 (−0.10) off track
      expect(targetStatus('promotion_impact_ratio', 0.89, 0.9, 1)).toBe('on_track');
      expect(targetStatus('promotion_impact_ratio', 0.85, 0.9, 1)).toBe('at_risk');
      expect(targetStatus('promotion_impact_ratio', 0.8, 0.9, 1)).toBe('off_track');
    });
  });
});

describe('projectTrend', () => {
  it('is reached when the last known value meets the target', () => {
    expect(projectTrend(series('2025-Q1', [0.2, 0.31]), 0.3, '2026-Q4')).toEqual({ reached: true, period: '2025-Q2' });
    expect(projectTrend(series('2025-Q1', [0.25, 0.3]), 0.3, '2026-Q4')).toEqual({ reached: true, period: '2025-Q2' });
    // A trailing quarter without data does not count: the last known value is 2025-Q2's.
    expect(projectTrend(series('2025-Q1', [0.2, 0.31, null]), 0.3, '2026-Q4')).toEqual({ reached: true, period: '2025-Q2' });
  });

  it('finds the quarter a rising line reaches the target', () => {
    // 0.20, 0.21, 0.22, 0.23 in 2025-Q1..Q4: +0.01 a quarter; 0.30 is 7 quarters after 2025-Q4 = 2027-Q3.
    const s = series('2025-Q1', [0.2, 0.21, 0.22, 0.23]);
    expect(projectTrend(s, 0.3, '2027-Q4')).toEqual({ reached: false, period: '2027-Q3', afterDeadline: false });
    expect(projectTrend(s, 0.3, '2027-Q3')).toEqual({ reached: false, period: '2027-Q3', afterDeadline: false });
    expect(projectTrend(s, 0.3, '2027-Q2')).toEqual({ reached: false, period: '2027-Q3', afterDeadline: true });
  });

  it('uses the least-squares line, not the last two points', () => {
    // 0.20, 0.22, 0.21, 0.23 at x = 0..3: x̄ = 1.5, ȳ = 0.215,
    // Sxy = (−1.5)(−0.015) + (−0.5)(0.005) + (0.5)(−0.005) + (1.5)(0.015) = 0.04, Sxx = 5, slope = 0.008.
    // Fitted at x = 3: 0.215 + 1.5·0.008 = 0.227; 0.30 needs (0.30 − 0.227)/0.008 = 9.125 more quarters
    // → the 10th quarter after 2025-Q4 = 2028-Q2.
    expect(projectTrend(series('2025-Q1', [0.2, 0.22, 0.21, 0.23]), 0.3, '2030-Q4')).toEqual({ reached: false, period: '2028-Q2', afterDeadline: false });
  });

  it('projects no earlier than the quarter after the last one', () => {
    // 0.20, 0.40, 0.40, 0.29: slope 0.027, fitted 0.363 at 2025-Q4, already above 0.30, but the
    // last actual value 0.29 is not: the earliest is 2026-Q1.
    expect(projectTrend(series('2025-Q1', [0.2, 0.4, 0.4, 0.29]), 0.3, '2026-Q4')).toEqual({ reached: false, period: '2026-Q1', afterDeadline: false });
  });

  it('skips quarters without data but keeps their place in time', () => {
    // (2025-Q1, 0.20), (2025-Q3, 0.22), (2025-Q4, 0.23) lie on 0.20 + 0.01·x: 0.30 at x = 10 = 2027-Q3.
    expect(projectTrend(series('2025-Q1', [0.2, null, 0.22, 0.23]), 0.3, '2027-Q4')).toEqual({ reached: false, period: '2027-Q3', afterDeadline: false });
  });

  it('is "not at this pace" for a flat or falling trend', () => {
    expect(projectTrend(series('2025-Q1', [0.2, 0.2, 0.2]), 0.3, '2027-Q4')).toEqual({ reached: false, period: null, notAtThisPace: true });
    expect(projectTrend(series('2025-Q1', [0.25, 0.24, 0.23]), 0.3, '2027-Q4')).toEqual({ reached: false, period: null, notAtThisPace: true });
  });

  it('is "not at this pace" when the target is reached more than 20 quarters after the deadline', () => {
    // +0.01 a quarter reaches 0.30 in 2027-Q3. Deadline 2022-Q3: exactly 20 quarters later → still a quarter.
    const s = series('2025-Q1', [0.2, 0.21, 0.22, 0.23]);
    expect(projectTrend(s, 0.3, '2022-Q3')).toEqual({ reached: false, period: '2027-Q3', afterDeadline: true });
    // Deadline 2022-Q2: 21 quarters later.
    expect(projectTrend(s, 0.3, '2022-Q2')).toEqual({ reached: false, period: null, notAtThisPace: true });
    // +0.001 a quarter from 0.200 at 2025-Q4: 0.30 in 100 quarters (2050-Q4), deadline 2026-Q4 + 20 = 2031-Q4.
    expect(projectTrend(series('2025-Q1', [0.197, 0.198, 0.199, 0.2]), 0.3, '2026-Q4')).toEqual({ reached: false, period: null, notAtThisPace: true });
  });

  it('is null with fewer than two known points', () => {
    expect(projectTrend([], 0.3, '2027-Q4')).toBeNull();
    expect(projectTrend(series('2025-Q1', [0.2]), 0.3, '2027-Q4')).toBeNull();
    expect(projectTrend(series('2025-Q1', [null, 0.2, null]), 0.3, '2027-Q4')).toBeNull();
    expect(projectTrend(series('2025-Q1', [null, null]), 0.3, '2027-Q4')).toBeNull();
  });

  it('only the last 8 known points count', () => {
    // 2023-Q1, 2023-Q2 at 0.60 (ignored), then 0.20 + 0.01·k for 2023-Q3..2025-Q2 (k = 0..7):
    // the last 8 lie on a line rising 0.01 a quarter; 0.27 at 2025-Q2 → 0.30 three quarters later, 2026-Q1.
    const s = series('2023-Q1', [0.6, 0.6, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27]);
    expect(projectTrend(s, 0.3, '2026-Q4')).toEqual({ reached: false, period: '2026-Q1', afterDeadline: false });
    // (Had all 10 points counted: ȳ = 0.308, Sxy = −2.5, Sxx = 82.5, a falling trend → not at this pace.)
  });
});

describe('flowProjection', () => {
  it('iterates stocks with hires and separation rates each quarter', () => {
    const out = flowProjection(
      '2025-Q4',
      { groupStock: 20, otherStock: 80, groupHiresPerQuarter: 4, otherHiresPerQuarter: 4, groupSeparationRate: 0.1, otherSeparationRate: 0.05 },
      3,
    );
    // q1: g = 20·0.9 + 4 = 22,     o = 80·0.95 + 4 = 80 → 22/102
    // q2: g = 22·0.9 + 4 = 23.8,   o = 80             → 23.8/103.8
    // q3: g = 23.8·0.9 + 4 = 25.42, o = 80            → 25.42/105.42
    expect(out.map((p) => p.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(out[0]?.representation).toBeCloseTo(22 / 102, 12);
    expect(out[1]?.representation).toBeCloseTo(23.8 / 103.8, 12);
    expect(out[2]?.representation).toBeCloseTo(25.42 / 105.42, 12);
  });

  it('has no representation when nobody is left, and no points for 0 quarters', () => {
    const zero = { groupStock: 0, otherStock: 0, groupHiresPerQuarter: 0, otherHiresPerQuarter: 0, groupSeparationRate: 0, otherSeparationRate: 0 };
    expect(flowProjection('2025-Q4', zero, 2)).toEqual([
      { period: '2026-Q1', representation: null },
      { period: '2026-Q2', representation: null },
    ]);
    expect(flowProjection('2025-Q4', { ...zero, groupStock: 10, otherStock: 30 }, 0)).toEqual([]);
  });

  it('crosses a year boundary', () => {
    // g: 10 → 10·0.5 + 5 = 10 → 10; o: 30 → 30·1 + 0 = 30: stays 10/40
    const out = flowProjection('2025-Q3', { groupStock: 10, otherStock: 30, groupHiresPerQuarter: 5, otherHiresPerQuarter: 0, groupSeparationRate: 0.5, otherSeparationRate: 0 }, 2);
    expect(out.map((p) => p.period)).toEqual(['2025-Q4', '2026-Q1']);
    expect(out[1]?.representation).toBeCloseTo(10 / 40, 12);
  });
});

describe('flowRates', () => {
  const P = '2025-Q4';
  const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
  const groupBasic = [20, 22, 24, 26];
  const aggs: Aggregate[] = [
    ...quarters.flatMap((q, i) => [
      hc(q, 'basic', 'be_non_eu', groupBasic[i]!),
      hc(q, 'basic', 'be_be', 80),
      hc(q, 'basic', 'not_declared', 10),
      hc(q, 'middle', 'be_eu', 40),
      hc(q, 'middle', 'be_be', 40),
    ]),
    // Before the window.
    hc('2024-Q4', 'basic', 'be_non_eu', 100),
    hire('2024-Q4', 'basic', 'be_non_eu', 40),
    sep('2024-Q4', 'basic', 'be_be', 40, 'retirement'),
    // Hires: group 3 + 5 = 8, be_be 6 + 6 = 12, not declared 4 (ignored).
    hire('2025-Q1', 'basic', 'be_non_eu', 3),
    hire('2025-Q3', 'basic', 'non_be_eu', 5, 'transfer_in'),
    hire('2025-Q2', 'basic', 'be_be', 6),
    hire('2025-Q4', 'basic', 'be_be', 6, 'transfer_in'),
    hire('2025-Q4', 'basic', 'not_declared', 4),
    // Separations: group 4 (basic) + 4 (middle), be_be 3 + 5 = 8 (basic).
    sep('2025-Q2', 'basic', 'be_non_eu', 4, 'resignation'),
    sep('2025-Q2', 'middle', 'be_eu', 4, 'other'),
    sep('2025-Q1', 'basic', 'be_be', 3, 'retirement'),
    sep('2025-Q4', 'basic', 'be_be', 5, 'resignation'),
    // 2025-Q3: the zone supplied its separations, none.
    sep('2025-Q3', 'basic', 'be_be', 0, 'other'),
  ];

  it('gives stocks, hires per quarter and quarterly separation rates over the last 4 quarters', () => {
    const r = flowRates(BELGIUM_POLICE, aggs, P, MIGRATION, ['basic'])!;
    // stocks at 2025-Q4: group 26, other declared (be_be) 80
    expect(r.groupStock).toBe(26);
    expect(r.otherStock).toBe(80);
    // hires per quarter: 8/4 = 2 and 12/4 = 3
    expect(r.groupHiresPerQuarter).toBeCloseTo(8 / 4, 12);
    expect(r.otherHiresPerQuarter).toBeCloseTo(12 / 4, 12);
    // separations per quarter ÷ average headcount: (4/4)/((20+22+24+26)/4 = 23) and (8/4)/80
    expect(r.groupSeparationRate).toBeCloseTo(1 / 23, 12);
    expect(r.otherSeparationRate).toBeCloseTo(2 / 80, 12);
  });

  it('covers all categories without a filter', () => {
    const r = flowRates(BELGIUM_POLICE, aggs, P, MIGRATION, [])!;
    // group: 26 + 40 = 66; other: 80 + 40 = 120
    expect(r.groupStock).toBe(66);
    expect(r.otherStock).toBe(120);
    // group separations (4 + 4)/4 = 2 a quarter over an average 23 + 40 = 63; other 2/120
    expect(r.groupSeparationRate).toBeCloseTo(2 / 63, 12);
    expect(r.otherSeparationRate).toBeCloseTo(2 / 120, 12);
    expect(r.groupHiresPerQuarter).toBeCloseTo(2, 12);
  });

  it('"other" is every other declared value, not the reference', () => {
    const r = flowRates(BELGIUM_POLICE, aggs, P, NON_EU, ['basic'])!;
    // group be_non_eu only: hires 3/4; others (be_be, be_eu, non_be_eu): hires (12 + 5)/4
    expect(r.groupStock).toBe(26);
    expect(r.otherStock).toBe(80);
    expect(r.groupHiresPerQuarter).toBeCloseTo(3 / 4, 12);
    expect(r.otherHiresPerQuarter).toBeCloseTo(17 / 4, 12);
    expect(r.groupSeparationRate).toBeCloseTo(1 / 23, 12);
  });

  it('is null without data, or when hires or separations were not supplied for every quarter (no flows taken for 0)', () => {
    expect(flowRates(BELGIUM_POLICE, [], P, MIGRATION, [])).toBeNull();
    const stocks = aggs.filter((a) => a.measure === 'headcount');
    expect(flowRates(BELGIUM_POLICE, stocks, P, MIGRATION, [])).toBeNull();
    expect(flowRates(BELGIUM_POLICE, aggs.filter((a) => !(a.measure === 'separations' && a.period === '2025-Q3')), P, MIGRATION, [])).toBeNull();
    expect(flowRates(BELGIUM_POLICE, aggs.filter((a) => a.measure !== 'hires'), P, MIGRATION, [])).toBeNull();
  });

  it('is all zero when the zone supplied zero flows and has no staff', () => {
    const zeros = quarters.flatMap((q) => [hire(q, 'basic', 'be_be', 0), sep(q, 'basic', 'be_be', 0, 'other')]);
    expect(flowRates(BELGIUM_POLICE, zeros, P, MIGRATION, [])).toEqual({
      groupStock: 0,
      otherStock: 0,
      groupHiresPerQuarter: 0,
      otherHiresPerQuarter: 0,
      groupSeparationRate: 0,
      otherSeparationRate: 0,
    });
  });

  it('feeds flowProjection', () => {
    const out = flowProjection(P, flowRates(BELGIUM_POLICE, aggs, P, MIGRATION, ['basic'])!, 1);
    // g = 26·(1 − 1/23) + 2, o = 80·(1 − 1/40) + 3 = 81
    const g = 26 * (22 / 23) + 2;
    expect(out[0]?.representation).toBeCloseTo(g / (g + 81), 12);
  });
});
