import { BELGIUM_POLICE, MEASURES, cellKey, periodRange, stockFlowGaps, type Cell, type StockFlowGap } from '@equity/shared';
import { DEMO_ZONES, generateDemoReturns, type DemoReturn } from './demo-data.js';

const PERIODS = periodRange('2023-Q1', '2025-Q4');
const MIGRATION = new Set(['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu']);
const OPERATIONAL = new Set(['agent', 'basic', 'middle', 'officer']);
const TARGET_SIZE: Record<string, number> = { '5345': 2900, '5339': 2300, '5415': 1300, '5330': 1150, '5344': 850 };

const returns = generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, PERIODS);
const ofZone = (zone: string): DemoReturn[] => returns.filter((r) => r.zone === zone);
const total = (cells: Cell[], f: (c: Cell) => boolean): number => cells.filter(f).reduce((a, c) => a + c.count, 0);
const sumOver = (rs: DemoReturn[], f: (c: Cell) => boolean): number => rs.reduce((a, r) => a + total(r.cells, f), 0);
const isDeclared = (c: Cell) => c.classes['origin'] !== 'not_declared';
const isMig = (c: Cell) => MIGRATION.has(c.classes['origin'] ?? '');
/** Migration background among declared origins, over the cells of `measure` (and category, when given). */
const migShare = (rs: DemoReturn[], measure: Cell['measure'], category?: string): number => {
  const m = (c: Cell) => c.measure === measure && (category === undefined || c.category === category);
  return sumOver(rs, (c) => m(c) && isMig(c)) / sumOver(rs, (c) => m(c) && isDeclared(c));
};
const headcount = (r: DemoReturn, f: (c: Cell) => boolean = () => true) => total(r.cells, (c) => c.measure === 'headcount' && f(c));
const first = (zone: string) => ofZone(zone)[0] as DemoReturn;
const last = (zone: string) => ofZone(zone).at(-1) as DemoReturn;

function allGaps(rs: DemoReturn[]): { zone: string; period: string; gap: StockFlowGap }[] {
  const out: { zone: string; period: string; gap: StockFlowGap }[] = [];
  for (const zone of DEMO_ZONES) {
    const zr = rs.filter((r) => r.zone === zone.code);
    for (let i = 1; i < zr.length; i++) {
      const prev = zr[i - 1] as DemoReturn;
      const cur = zr[i] as DemoReturn;
      for (const gap of stockFlowGaps(BELGIUM_POLICE, prev.cells, cur.cells)) out.push({ zone: zone.code, period: cur.period, gap });
    }
  }
  return out;
}

describe('DEMO_ZONES', () => {
  it('lists the five CoP partner zones by official number, named in en/nl/fr', () => {
    expect(DEMO_ZONES.map((z) => z.code)).toEqual(['5345', '5415', '5330', '5344', '5339']);
    for (const z of DEMO_ZONES) {
      expect(z.name).not.toBe('');
      expect(z.names.en && z.names.nl && z.names.fr).toBeTruthy();
    }
    expect(DEMO_ZONES.find((z) => z.code === '5344')?.names.nl).toContain('Brussel-Noord');
    expect(DEMO_ZONES.find((z) => z.code === '5339')?.names.fr).toContain('Ixelles');
  });

  it('gives each zone the communes it polices', () => {
    expect(Object.fromEntries(DEMO_ZONES.map((z) => [z.code, z.communes]))).toEqual({
      '5345': ['Antwerpen'],
      '5415': ['Gent'],
      '5330': ['Charleroi'],
      '5344': ['Schaerbeek / Schaarbeek', 'Evere', 'Saint-Josse-ten-Noode / Sint-Joost-ten-Node'],
      '5339': ['Bruxelles / Brussel', 'Ixelles / Elsene'],
    });
  });
});

describe('generateDemoReturns', () => {
  it('is deterministic: same seed, same output; default seed 2026; another seed differs', () => {
    const text = JSON.stringify(returns);
    expect(JSON.stringify(generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, PERIODS))).toBe(text);
    expect(JSON.stringify(generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, PERIODS, 2026))).toBe(text);
    expect(JSON.stringify(generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, PERIODS, 7))).not.toBe(text);
  });

  it('does not depend on Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      expect(generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES.slice(0, 1), PERIODS.slice(0, 3))).toHaveLength(3);
    } finally {
      Math.random = original;
    }
  });

  it('generates 5 zones × 12 quarters in well under a second', () => {
    const start = performance.now();
    generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, PERIODS, 99);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('returns one return per zone × quarter, by zone then period, whatever the order of the periods given', () => {
    expect(returns).toHaveLength(60);
    expect(returns.map((r) => `${r.zone} ${r.period}`)).toEqual(DEMO_ZONES.flatMap((z) => PERIODS.map((p) => `${z.code} ${p}`)));
    expect(JSON.stringify(generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, [...PERIODS].reverse()))).toBe(JSON.stringify(returns));
  });

  it('produces non-negative integer counts, complete headcount tables and only non-zero flow cells', () => {
    const categories = new Set(BELGIUM_POLICE.categories.map((c) => c.code));
    const problems: string[] = [];
    for (const r of returns) {
      for (const c of r.cells) {
        const where = `${r.zone} ${r.period} ${cellKey(c)}`;
        if (!Number.isInteger(c.count) || c.count < 0) problems.push(`${where}: count ${c.count}`);
        if (c.measure !== 'headcount' && c.count === 0) problems.push(`${where}: zero flow cell`);
        if (!categories.has(c.category)) problems.push(`${where}: unknown category`);
        if (Object.keys(c.classes).sort().join() !== 'gender,origin') problems.push(`${where}: classes`);
        const details = MEASURES[c.measure].details.map((d) => d.code);
        if (details.length === 0 ? c.detail !== '' : !details.includes(c.detail)) problems.push(`${where}: detail`);
      }
      if (new Set(r.cells.map(cellKey)).size !== r.cells.length) problems.push(`${r.zone} ${r.period}: duplicate cells`);
      if (r.cells.filter((c) => c.measure === 'headcount').length !== 8 * 4 * 6) problems.push(`${r.zone} ${r.period}: incomplete headcount`);
      for (const m of ['hires', 'promotions', 'separations'] as const)
        if (!r.cells.some((c) => c.measure === m)) problems.push(`${r.zone} ${r.period}: no ${m}`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps stock and flows consistent except for a few deliberate declaration changes', () => {
    const gaps = allGaps(returns);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.length).toBeLessThanOrEqual(6);
    // Each declaration change moves 1–3 people from "not declared" to a declared origin: the totals still add up.
    const byReturn = new Map<string, StockFlowGap[]>();
    for (const { zone, period, gap } of gaps) byReturn.set(`${zone} ${period}`, [...(byReturn.get(`${zone} ${period}`) ?? []), gap]);
    expect(byReturn.size).toBe(2);
    for (const list of byReturn.values()) {
      expect(list.reduce((a, g) => a + g.gap, 0)).toBe(0);
      for (const g of list) {
        expect(Math.abs(g.gap)).toBeGreaterThanOrEqual(1);
        expect(Math.abs(g.gap)).toBeLessThanOrEqual(3);
        expect(g.gap < 0).toBe(g.classes['origin'] === 'not_declared');
      }
    }
  });

  it('has realistic zone sizes (±15% of the targets) and cadre mix', () => {
    for (const zone of DEMO_ZONES) {
      const target = TARGET_SIZE[zone.code] as number;
      for (const r of [first(zone.code), last(zone.code)]) {
        const n = headcount(r);
        expect(n).toBeGreaterThan(target * 0.85);
        expect(n).toBeLessThan(target * 1.15);
        const share = (cat: string) => headcount(r, (c) => c.category === cat) / n;
        expect(share('basic')).toBeGreaterThan(0.5);
        expect(share('basic')).toBeLessThan(0.6);
        expect(share('agent')).toBeGreaterThan(0.09);
        expect(share('agent')).toBeLessThan(0.15);
        expect(share('middle')).toBeGreaterThan(0.08);
        expect(share('middle')).toBeLessThan(0.12);
        expect(share('officer')).toBeGreaterThan(0.02);
        expect(share('officer')).toBeLessThan(0.045);
        expect(share('calog_c') + share('calog_b')).toBeGreaterThan(share('calog_d') + share('calog_a'));
      }
    }
  });

  it('has plausible gender and declaration figures', () => {
    for (const r of returns) {
      const op = headcount(r, (c) => OPERATIONAL.has(c.category));
      const calog = headcount(r, (c) => !OPERATIONAL.has(c.category));
      const womenOp = headcount(r, (c) => OPERATIONAL.has(c.category) && c.classes['gender'] === 'female') / op;
      const womenCalog = headcount(r, (c) => !OPERATIONAL.has(c.category) && c.classes['gender'] === 'female') / calog;
      expect(womenOp).toBeGreaterThan(0.24);
      expect(womenOp).toBeLessThan(0.36);
      expect(womenCalog).toBeGreaterThan(0.52);
      expect(womenCalog).toBeLessThan(0.68);
      const n = headcount(r);
      const x = headcount(r, (c) => c.classes['gender'] === 'x');
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(10);
      const genderNd = headcount(r, (c) => c.classes['gender'] === 'not_declared') / n;
      expect(genderNd).toBeGreaterThan(0.005);
      expect(genderNd).toBeLessThan(0.05);
      const originNd = headcount(r, (c) => !isDeclared(c)) / n;
      expect(originNd).toBeGreaterThanOrEqual(0.05);
      expect(originNd).toBeLessThanOrEqual(0.2);
    }
    // Declaration improves slowly.
    for (const zone of DEMO_ZONES) {
      const nd = (r: DemoReturn) => headcount(r, (c) => !isDeclared(c)) / headcount(r);
      expect(nd(last(zone.code))).toBeLessThanOrEqual(nd(first(zone.code)));
    }
  });

  it('has migration-background shares well below the city population, varying by zone', () => {
    const range: Record<string, [number, number]> = {
      '5345': [0.1, 0.17],
      '5415': [0.08, 0.12],
      '5330': [0.12, 0.18],
      '5344': [0.2, 0.3],
      '5339': [0.2, 0.3],
    };
    for (const zone of DEMO_ZONES) {
      const [lo, hi] = range[zone.code] as [number, number];
      for (const r of [first(zone.code), last(zone.code)]) {
        const share = migShare([r], 'headcount');
        expect(share).toBeGreaterThanOrEqual(lo);
        expect(share).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('shows a glass ceiling: less migration background in the officer cadre than in agent and basic', () => {
    const firsts = DEMO_ZONES.map((z) => first(z.code));
    expect(migShare(firsts, 'headcount', 'officer')).toBeLessThan(migShare(firsts, 'headcount', 'basic'));
    expect(migShare(firsts, 'headcount', 'basic')).toBeLessThan(migShare(firsts, 'headcount', 'agent'));
  });

  it('has small cells of 1–3 people, e.g. in the officer cadre of the small zone', () => {
    const small = returns.flatMap((r) => r.cells.filter((c) => c.measure === 'headcount' && c.count >= 1 && c.count <= 3));
    expect(small.length).toBeGreaterThan(100);
    const nordOfficers = first('5344').cells.filter((c) => c.measure === 'headcount' && c.category === 'officer' && c.count > 0);
    expect(nordOfficers.some((c) => c.count <= 3)).toBe(true);
  });

  it('has quarterly flows of plausible size', () => {
    for (const zone of DEMO_ZONES) {
      const zr = ofZone(zone.code);
      const avgStock = zr.reduce((a, r) => a + headcount(r), 0) / zr.length;
      const perQuarter = (m: Cell['measure']) => sumOver(zr, (c) => c.measure === m) / zr.length / avgStock;
      expect(perQuarter('hires')).toBeGreaterThan(0.015);
      expect(perQuarter('hires')).toBeLessThan(0.035);
      expect(perQuarter('separations')).toBeGreaterThan(0.015);
      expect(perQuarter('separations')).toBeLessThan(0.035);
      expect(perQuarter('promotions')).toBeGreaterThan(0.002);
      expect(perQuarter('promotions')).toBeLessThan(0.01);
    }
  });

  it('diversifies through hiring in Antwerpen (rising stock share) but not in Gent', () => {
    const ant = ofZone('5345');
    const gent = ofZone('5415');
    expect(migShare(ant, 'hires')).toBeGreaterThan(migShare([first('5345')], 'headcount'));
    expect(migShare(ant, 'hires')).toBeGreaterThan(migShare(ant, 'headcount') * 1.5);
    expect(migShare([last('5345')], 'headcount') - migShare([first('5345')], 'headcount')).toBeGreaterThan(0.02);
    expect(migShare(ant.slice(-4), 'hires')).toBeGreaterThan(migShare(ant.slice(0, 4), 'hires'));
    expect(migShare(ofZone('5339'), 'hires')).toBeGreaterThan(migShare([first('5339')], 'headcount'));
    expect(migShare([last('5415')], 'headcount')).toBeLessThanOrEqual(migShare([first('5415')], 'headcount'));
    expect(migShare(gent.slice(-4), 'hires')).toBeLessThanOrEqual(migShare(gent.slice(0, 4), 'hires'));
  });

  it('shows a basic → middle promotion gap for migration-background staff in a big zone', () => {
    const promotionRate = (zr: DemoReturn[], f: (c: Cell) => boolean) => {
      let promoted = 0;
      let feeder = 0;
      for (let i = 1; i < zr.length; i++) {
        promoted += total((zr[i] as DemoReturn).cells, (c) => c.measure === 'promotions' && c.category === 'middle' && f(c));
        feeder += total((zr[i - 1] as DemoReturn).cells, (c) => c.measure === 'headcount' && c.category === 'basic' && f(c));
      }
      return promoted / feeder;
    };
    const ratio = (zone: string) =>
      promotionRate(ofZone(zone), isMig) / promotionRate(ofZone(zone), (c) => c.classes['origin'] === 'be_be');
    expect(Math.min(ratio('5345'), ratio('5339'))).toBeLessThan(0.8);
  });

  it('reports selection funnels for inspector recruitment in some quarters only, monotone per class', () => {
    const withFunnel = returns.filter((r) => r.cells.some((c) => c.measure === 'funnel'));
    expect(withFunnel.length).toBeGreaterThan(0);
    expect(withFunnel.length).toBeLessThan(returns.length);
    for (const r of withFunnel) {
      const funnel = r.cells.filter((c) => c.measure === 'funnel');
      expect(new Set(funnel.map((c) => c.category))).toEqual(new Set(['basic']));
      const count = (stage: string, key: string) =>
        funnel.find((c) => c.detail === stage && `${c.classes['gender']}/${c.classes['origin']}` === key)?.count ?? 0;
      const keys = new Set(funnel.map((c) => `${c.classes['gender']}/${c.classes['origin']}`));
      for (const key of keys) {
        expect(count('applicants', key)).toBeGreaterThanOrEqual(count('passed_tests', key));
        expect(count('passed_tests', key)).toBeGreaterThanOrEqual(count('passed_interview', key));
        expect(count('passed_interview', key)).toBeGreaterThanOrEqual(count('hired', key));
      }
      expect(total(funnel, (c) => c.detail === 'hired')).toBeGreaterThan(0);
    }
  });

  it('handles a single quarter (starting stock only, no gap possible) and other zones', () => {
    const one = generateDemoReturns(BELGIUM_POLICE, DEMO_ZONES, ['2024-Q4']);
    expect(one).toHaveLength(5);
    const other = generateDemoReturns(BELGIUM_POLICE, [{ code: '5999', name: 'Elsewhere', names: { en: 'Elsewhere' } }], PERIODS);
    expect(other).toHaveLength(12);
    expect(headcount(other[0] as DemoReturn)).toBeGreaterThan(100);
    for (const r of other) for (const c of r.cells) expect(c.count).toBeGreaterThanOrEqual(0);
  });
});
