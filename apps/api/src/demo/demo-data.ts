/**
 * Demo data: plausible, fully synthetic quarterly returns for the five CoP partner zones.
 *
 * Nothing here describes real people or real figures of these zones: sizes and shares are
 * order-of-magnitude guesses chosen so that every feature of the product has something to show
 * (small cells for disclosure control, a hiring trend on track and one off track, a promotion gap,
 * an adverse-impact flag in the selection funnel, a couple of stock-flow warnings).
 *
 * How a zone is simulated:
 * 1. a starting stock (the end of the quarter before the first period) is drawn person by person;
 * 2. for every quarter the flows are drawn first — separations, then promotions (top of each
 *    ladder first, so nobody is promoted twice in a quarter), then hires filling the gap to the
 *    zone's target size — and the quarter's headcount is derived from them, so
 *    end = previous end + hires + promotions in − promotions out − separations holds exactly;
 * 3. except for a few deliberate declaration changes (people moving from "not declared" to a
 *    declared origin without any flow), which the stock-flow warning should report.
 *
 * Everything is driven by a seeded PRNG (mulberry32), one stream per zone: same seed, same data.
 */
import type { Cell, ClassificationProfile, DimensionDef } from '@equity/shared';
import { findDimension, notDeclaredCode, periodIndex } from '@equity/shared';

export interface DemoZone {
  /** Official zone number. */
  code: string;
  name: string;
  names: { en: string; nl?: string; fr?: string };
  /** The communes the zone polices; a Brussels commune by its French and Dutch names, as the zone's own name. */
  communes: string[];
  /** Staff size to simulate instead of the zone's built-in (or code-derived) size: the benchmark's national scale. */
  total?: number;
}

/** The five local police zones of the community of practice. */
export const DEMO_ZONES: DemoZone[] = [
  { code: '5345', name: 'Antwerpen', names: { en: 'Antwerp', nl: 'Antwerpen', fr: 'Anvers' }, communes: ['Antwerpen'] },
  { code: '5415', name: 'Gent', names: { en: 'Ghent', nl: 'Gent', fr: 'Gand' }, communes: ['Gent'] },
  { code: '5330', name: 'Charleroi', names: { en: 'Charleroi', nl: 'Charleroi', fr: 'Charleroi' }, communes: ['Charleroi'] },
  {
    code: '5344',
    name: 'Bruxelles-Nord / Brussel-Noord',
    names: {
      en: 'Brussels North (Schaerbeek, Evere, Saint-Josse-ten-Noode)',
      nl: 'Brussel-Noord (Schaarbeek, Evere, Sint-Joost-ten-Node)',
      fr: 'Bruxelles-Nord (Schaerbeek, Evere, Saint-Josse-ten-Noode)',
    },
    communes: ['Schaerbeek / Schaarbeek', 'Evere', 'Saint-Josse-ten-Noode / Sint-Joost-ten-Node'],
  },
  {
    code: '5339',
    name: 'Bruxelles-Capitale Ixelles / Brussel Hoofdstad Elsene',
    names: {
      en: 'Brussels Capital Ixelles',
      nl: 'Brussel Hoofdstad Elsene',
      fr: 'Bruxelles-Capitale Ixelles',
    },
    communes: ['Bruxelles / Brussel', 'Ixelles / Elsene'],
  },
];

export interface DemoReturn {
  zone: string;
  period: string;
  cells: Cell[];
}

export const DEFAULT_DEMO_SEED = 2026;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The demo's seeded generator (also the utility report's sampler): same seed, same numbers. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }

  /** Index drawn with probability proportional to `weights` (which need not sum to 1). */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return i;
    }
    // Rounding at the very end: the last index with a positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Zone and category parameters (synthetic; see the file header)

interface ZoneParams {
  /** Target total staff. */
  total: number;
  /** Women among operational staff, zone-wide. */
  femaleOperational: number;
  /** Women among CALog staff, zone-wide. */
  femaleCalog: number;
  /** Gender "not declared" share. */
  genderNotDeclared: number;
  /** Origin "not declared" share in the starting stock. */
  originNotDeclared: number;
  /** Migration background among declared staff, zone-wide, starting stock. */
  migStock: number;
  /** Share of EU origins within migration background. */
  euShare: number;
  /** Migration background among declared new recruits in the first quarter, and its change per quarter. */
  migRecruitStart: number;
  migRecruitSlope: number;
  /** Relative basic → middle promotion propensity of migration-background staff (1 = no gap). */
  promotionGap: number;
  /** Base separation rate per quarter. */
  separationRate: number;
  /** Extra weight of mobility (transfer out) among separation reasons: Brussels zones lose staff to other regions. */
  mobilityOut: number;
  /** Target growth per quarter. */
  growth: number;
  /** Quarter numbers (1–4) in which a local recruitment round for inspectors closes. */
  funnelQuarters: number[];
  applicantsPerRound: number;
  /** Relative test pass rate of migration-background applicants (below 0.8 shows the four-fifths flag). */
  testPassGap: number;
}

const ZONE_PARAMS: Record<string, ZoneParams> = {
  // Antwerpen: large, low migration background in the stock, clearly diversifying intake.
  '5345': {
    total: 2900,
    femaleOperational: 0.3,
    femaleCalog: 0.6,
    genderNotDeclared: 0.03,
    originNotDeclared: 0.11,
    migStock: 0.12,
    euShare: 0.25,
    migRecruitStart: 0.27,
    migRecruitSlope: 0.015,
    promotionGap: 0.25,
    separationRate: 0.02,
    mobilityOut: 1,
    growth: 0.002,
    funnelQuarters: [1, 3],
    applicantsPerRound: 450,
    testPassGap: 0.72,
  },
  // Gent: intake no more diverse than the stock, and slipping.
  '5415': {
    total: 1300,
    femaleOperational: 0.33,
    femaleCalog: 0.62,
    genderNotDeclared: 0.02,
    originNotDeclared: 0.06,
    migStock: 0.1,
    euShare: 0.3,
    migRecruitStart: 0.11,
    migRecruitSlope: -0.006,
    promotionGap: 0.9,
    separationRate: 0.018,
    mobilityOut: 1,
    growth: 0.001,
    funnelQuarters: [2],
    applicantsPerRound: 220,
    testPassGap: 0.9,
  },
  // Charleroi: many Belgians of (Italian) EU origin, flat intake.
  '5330': {
    total: 1150,
    femaleOperational: 0.26,
    femaleCalog: 0.58,
    genderNotDeclared: 0.025,
    originNotDeclared: 0.09,
    migStock: 0.15,
    euShare: 0.55,
    migRecruitStart: 0.18,
    migRecruitSlope: 0,
    promotionGap: 0.85,
    separationRate: 0.019,
    mobilityOut: 1,
    growth: 0,
    funnelQuarters: [4],
    applicantsPerRound: 150,
    testPassGap: 0.85,
  },
  // Bruxelles-Nord: small, diverse, lowest declaration rate, high mobility out.
  '5344': {
    total: 850,
    femaleOperational: 0.295,
    femaleCalog: 0.6,
    genderNotDeclared: 0.035,
    originNotDeclared: 0.16,
    migStock: 0.26,
    euShare: 0.25,
    migRecruitStart: 0.32,
    migRecruitSlope: 0.003,
    promotionGap: 0.8,
    separationRate: 0.025,
    mobilityOut: 1.6,
    growth: 0.001,
    funnelQuarters: [1],
    applicantsPerRound: 120,
    testPassGap: 0.8,
  },
  // Bruxelles-Capitale Ixelles: large, diverse, diversifying intake, promotion gap.
  '5339': {
    total: 2300,
    femaleOperational: 0.32,
    femaleCalog: 0.61,
    genderNotDeclared: 0.03,
    originNotDeclared: 0.14,
    migStock: 0.23,
    euShare: 0.35,
    migRecruitStart: 0.3,
    migRecruitSlope: 0.012,
    promotionGap: 0.5,
    separationRate: 0.024,
    mobilityOut: 1.5,
    growth: 0.002,
    funnelQuarters: [2, 4],
    applicantsPerRound: 300,
    testPassGap: 0.75,
  },
};

/** Parameters for a zone that is not one of the five partners: derived from its code, so still deterministic. */
function fallbackParams(code: string): ZoneParams {
  const r = new Rng(hashString(`params:${code}`));
  const migStock = 0.06 + 0.14 * r.next();
  return {
    total: Math.round(300 + 900 * r.next()),
    femaleOperational: 0.25 + 0.1 * r.next(),
    femaleCalog: 0.55 + 0.1 * r.next(),
    genderNotDeclared: 0.015 + 0.02 * r.next(),
    originNotDeclared: 0.05 + 0.12 * r.next(),
    migStock,
    euShare: 0.25 + 0.3 * r.next(),
    migRecruitStart: migStock * (0.9 + 0.8 * r.next()),
    migRecruitSlope: -0.003 + 0.01 * r.next(),
    promotionGap: 0.6 + 0.4 * r.next(),
    separationRate: 0.018 + 0.008 * r.next(),
    mobilityOut: 1,
    growth: 0.001,
    funnelQuarters: [1 + Math.floor(4 * r.next())],
    applicantsPerRound: Math.round(60 + 120 * r.next()),
    testPassGap: 0.75 + 0.2 * r.next(),
  };
}

interface CategoryParams {
  /** Share of the zone's staff. */
  share: number;
  operational: boolean;
  /** Women's share relative to the zone's operational / CALog share. */
  femaleFactor: number;
  /** Migration background relative to the zone-wide share (glass ceiling in the higher cadres). */
  migFactor: number;
  /** Migration background among new recruits relative to the zone's recruit share. */
  migRecruitFactor: number;
  /** Origin "not declared" relative to the zone's share. */
  notDeclaredFactor: number;
  /** Promotions into this category per quarter, as a share of its stock (0: entry level). */
  promotionRate: number;
  /** Separation rate relative to the zone's. */
  separationFactor: number;
  /** Share of new recruits among hires (the rest are transfers in). */
  newRecruitShare: number;
  /** Weights of separation reasons: resignation, retirement, dismissal, transfer_out, other. */
  reasons: [number, number, number, number, number];
}

const CATEGORY_PARAMS: Record<string, CategoryParams> = {
  agent: { share: 0.12, operational: true, femaleFactor: 1.2, migFactor: 1.5, migRecruitFactor: 1.25, notDeclaredFactor: 1, promotionRate: 0, separationFactor: 1.3, newRecruitShare: 0.8, reasons: [0.4, 0.1, 0.05, 0.35, 0.1] },
  basic: { share: 0.55, operational: true, femaleFactor: 1.05, migFactor: 1.1, migRecruitFactor: 1, notDeclaredFactor: 1, promotionRate: 0.003, separationFactor: 1, newRecruitShare: 0.65, reasons: [0.25, 0.25, 0.03, 0.4, 0.07] },
  middle: { share: 0.1, operational: true, femaleFactor: 0.75, migFactor: 0.65, migRecruitFactor: 0.7, notDeclaredFactor: 1, promotionRate: 0.035, separationFactor: 0.9, newRecruitShare: 0.2, reasons: [0.12, 0.45, 0.02, 0.35, 0.06] },
  officer: { share: 0.03, operational: true, femaleFactor: 0.6, migFactor: 0.35, migRecruitFactor: 0.6, notDeclaredFactor: 0.7, promotionRate: 0.012, separationFactor: 1, newRecruitShare: 0.35, reasons: [0.08, 0.5, 0.01, 0.35, 0.06] },
  calog_d: { share: 0.03, operational: false, femaleFactor: 0.9, migFactor: 1.6, migRecruitFactor: 1.4, notDeclaredFactor: 1.15, promotionRate: 0, separationFactor: 0.9, newRecruitShare: 0.7, reasons: [0.3, 0.35, 0.03, 0.22, 0.1] },
  calog_c: { share: 0.09, operational: false, femaleFactor: 1.08, migFactor: 1.1, migRecruitFactor: 1.1, notDeclaredFactor: 1.15, promotionRate: 0.008, separationFactor: 0.9, newRecruitShare: 0.7, reasons: [0.3, 0.35, 0.03, 0.22, 0.1] },
  calog_b: { share: 0.06, operational: false, femaleFactor: 1, migFactor: 0.85, migRecruitFactor: 0.9, notDeclaredFactor: 1.15, promotionRate: 0.01, separationFactor: 0.9, newRecruitShare: 0.7, reasons: [0.3, 0.35, 0.03, 0.22, 0.1] },
  calog_a: { share: 0.02, operational: false, femaleFactor: 0.85, migFactor: 0.6, migRecruitFactor: 0.7, notDeclaredFactor: 1.15, promotionRate: 0.01, separationFactor: 0.9, newRecruitShare: 0.7, reasons: [0.3, 0.35, 0.03, 0.22, 0.1] },
};

/** A category the table does not know (another profile): a small CALog-like category. */
const FALLBACK_CATEGORY: CategoryParams = {
  share: 0.02,
  operational: false,
  femaleFactor: 1,
  migFactor: 1,
  migRecruitFactor: 1,
  notDeclaredFactor: 1,
  promotionRate: 0.01,
  separationFactor: 1,
  newRecruitShare: 0.7,
  reasons: [0.3, 0.35, 0.03, 0.22, 0.1],
};

const SEPARATION_REASONS = ['resignation', 'retirement', 'dismissal', 'transfer_out', 'other'] as const;
const MIGRATION_ORIGINS = new Set(['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu']);
const FUNNEL_STAGES = ['applicants', 'passed_tests', 'passed_interview', 'hired'] as const;
/** Recruitment rounds reported in the funnel are for inspectors. */
const FUNNEL_CATEGORY = 'basic';

/** A declaration change: `count` people of the zone's stock move from origin "not declared" to `origin` without a flow. */
interface DeclarationChange {
  /** Index in the caller's zone list. */
  zoneIndex: number;
  /** Index in the (sorted) period list; never 0, which has no previous quarter. */
  periodIndex: number;
  category: string;
  gender: string;
  origin: string;
  count: number;
}

// ---------------------------------------------------------------------------------------------
// Simulation

type Stock = Map<string, number[]>;

interface Space {
  categories: ClassificationProfile['categories'];
  genders: string[];
  origins: string[];
  genderNd: string;
  originNd: string;
  /** Index of cell (gender g, origin o) in a stock vector. */
  size: number;
}

function cellIndex(space: Space, g: number, o: number): number {
  return g * space.origins.length + o;
}

function categoryParams(code: string): CategoryParams {
  return CATEGORY_PARAMS[code] ?? FALLBACK_CATEGORY;
}

/** Normalising constant so that the stock-weighted average of a per-category factor is 1. */
function weightedMean(space: Space, factor: (c: CategoryParams) => number, filter: (c: CategoryParams) => boolean): number {
  let num = 0;
  let den = 0;
  for (const c of space.categories) {
    const p = categoryParams(c.code);
    if (!filter(p)) continue;
    num += p.share * factor(p);
    den += p.share;
  }
  return den > 0 ? num / den : 1;
}

interface Mix {
  female: number;
  genderNd: number;
  x: number;
  /** Origin "not declared" among people who declared their gender. */
  originNd: number;
  /** Migration background among declared origins. */
  mig: number;
  /** Share of EU origins within migration background. */
  eu: number;
  operational: boolean;
}

function genderWeights(space: Space, mix: Mix): number[] {
  return space.genders.map((g) => {
    switch (g) {
      case 'female':
        return mix.female;
      case 'x':
        return mix.x;
      case 'male':
        return Math.max(0, 1 - mix.female - mix.x - mix.genderNd);
      default:
        return g === space.genderNd ? mix.genderNd : 0;
    }
  });
}

function originWeights(space: Space, mix: Mix, genderDeclared: boolean): number[] {
  // People who keep their gender to themselves mostly keep their origin to themselves too.
  const nd = genderDeclared ? mix.originNd : Math.max(mix.originNd, 0.7);
  const declared = 1 - nd;
  const mig = declared * mix.mig;
  // Operational staff must hold Belgian nationality: non-Belgians only appear among CALog.
  const split: Record<string, number> = mix.operational
    ? { be_eu: mix.eu, be_non_eu: 1 - mix.eu, non_be_eu: 0, non_be_non_eu: 0 }
    : { be_eu: 0.78 * mix.eu, non_be_eu: 0.22 * mix.eu, be_non_eu: 0.85 * (1 - mix.eu), non_be_non_eu: 0.15 * (1 - mix.eu) };
  return space.origins.map((o) => {
    if (o === space.originNd) return nd;
    if (o === 'be_be') return declared - mig;
    return mig * (split[o] ?? 0);
  });
}

function drawPerson(rng: Rng, space: Space, mix: Mix): number {
  const gw = genderWeights(space, mix);
  const g = rng.pick(gw);
  const ow = originWeights(space, mix, space.genders[g] !== space.genderNd);
  return cellIndex(space, g, rng.pick(ow));
}

class ZoneSimulation {
  private readonly rng: Rng;
  private stock: Stock = new Map();
  private readonly targets = new Map<string, number>();
  private readonly migCategoryNorm: number;
  private readonly migRecruitNorm: number;
  private readonly femaleOperationalNorm: number;
  private readonly femaleCalogNorm: number;
  /** Categories ordered so that a category comes before its feeder (promotions are drawn top-down). */
  private readonly promotionOrder: { code: string; feeder: string }[];

  constructor(
    private readonly space: Space,
    private readonly params: ZoneParams,
    seed: number,
  ) {
    this.rng = new Rng(seed);
    this.migCategoryNorm = weightedMean(space, (c) => c.migFactor, () => true);
    this.migRecruitNorm = weightedMean(space, (c) => c.migRecruitFactor, () => true);
    this.femaleOperationalNorm = weightedMean(space, (c) => c.femaleFactor, (c) => c.operational);
    this.femaleCalogNorm = weightedMean(space, (c) => c.femaleFactor, (c) => !c.operational);
    const depth = new Map<string, number>();
    const depthOf = (code: string, seen: Set<string>): number => {
      const known = depth.get(code);
      if (known !== undefined) return known;
      const def = space.categories.find((c) => c.code === code);
      const feeder = def?.feeders.length === 1 ? def.feeders[0] : undefined;
      const d = feeder && !seen.has(feeder) ? 1 + depthOf(feeder, new Set([...seen, code])) : 0;
      depth.set(code, d);
      return d;
    };
    this.promotionOrder = space.categories
      .filter((c) => c.feeders.length === 1 && categoryParams(c.code).promotionRate > 0)
      .map((c) => ({ code: c.code, feeder: c.feeders[0] as string, depth: depthOf(c.code, new Set()) }))
      .sort((a, b) => b.depth - a.depth)
      .map(({ code, feeder }) => ({ code, feeder }));
  }

  private mix(category: string, kind: 'stock' | 'recruit' | 'transfer' | 'applicant', step: number): Mix {
    const p = this.params;
    const c = categoryParams(category);
    const femaleBase = c.operational ? p.femaleOperational / this.femaleOperationalNorm : p.femaleCalog / this.femaleCalogNorm;
    let female = Math.min(0.9, femaleBase * c.femaleFactor);
    let originNd = Math.min(0.5, p.originNotDeclared * c.notDeclaredFactor);
    let genderNd = p.genderNotDeclared;
    let mig = Math.min(0.8, (p.migStock / this.migCategoryNorm) * c.migFactor);
    if (kind === 'recruit' || kind === 'applicant') {
      const recruitShare = Math.min(0.6, Math.max(0.02, p.migRecruitStart + p.migRecruitSlope * step));
      mig = Math.min(0.8, (recruitShare / this.migRecruitNorm) * c.migRecruitFactor);
      // The intake survey is where people are asked first: recruits declare more often.
      originNd *= 0.45;
      genderNd *= 0.4;
      if (c.operational) female = Math.min(0.9, female * 1.1);
    }
    if (kind === 'applicant') {
      mig = Math.min(0.8, mig * 1.35);
      female = Math.min(0.9, female * 1.05);
    }
    if (kind === 'transfer') {
      // Mobility brings people from other zones: no more diverse than the stock.
      originNd *= 0.8;
    }
    return { female, genderNd, x: 0.0015, originNd, mig, eu: p.euShare, operational: c.operational };
  }

  private emptyVector(): number[] {
    return new Array<number>(this.space.size).fill(0);
  }

  /** The stock at the end of the quarter before the first period. */
  initialise(): void {
    const p = this.params;
    for (const c of this.space.categories) {
      const cp = categoryParams(c.code);
      const target = p.total * cp.share;
      this.targets.set(c.code, target);
      const n = Math.max(0, Math.round(target * (1 + 0.03 * this.rng.normal())));
      const v = this.emptyVector();
      const mix = this.mix(c.code, 'stock', 0);
      for (let i = 0; i < n; i++) {
        const k = drawPerson(this.rng, this.space, mix);
        v[k] = (v[k] ?? 0) + 1;
      }
      this.stock.set(c.code, v);
    }
  }

  private vector(stock: Stock, category: string): number[] {
    let v = stock.get(category);
    if (!v) {
      v = this.emptyVector();
      stock.set(category, v);
    }
    return v;
  }

  private isMig(k: number): boolean {
    return MIGRATION_ORIGINS.has(this.space.origins[k % this.space.origins.length] ?? '');
  }

  private isFemale(k: number): boolean {
    return this.space.genders[Math.floor(k / this.space.origins.length)] === 'female';
  }

  /** Flows of one quarter, applied to the stock. `step` counts quarters from the first period (0). */
  simulateQuarter(step: number): { cells: Cell[] } {
    const { space, params, rng } = this;
    const cells: Cell[] = [];
    const classesOf = (k: number) => ({
      gender: space.genders[Math.floor(k / space.origins.length)] as string,
      origin: space.origins[k % space.origins.length] as string,
    });
    const after: Stock = new Map();
    for (const [code, v] of this.stock) after.set(code, [...v]);

    // 1. Separations, in the category left.
    const separations = new Map<string, number[][]>(); // category → reason → cell vector
    for (const c of space.categories) {
      const cp = categoryParams(c.code);
      const v = this.vector(after, c.code);
      const byReason = SEPARATION_REASONS.map(() => this.emptyVector());
      const reasonWeights = cp.reasons.map((w, i) => (SEPARATION_REASONS[i] === 'transfer_out' ? w * params.mobilityOut : w));
      for (let k = 0; k < space.size; k++) {
        const n = v[k] ?? 0;
        if (n === 0) continue;
        let rate = params.separationRate * cp.separationFactor;
        if (this.isMig(k)) rate *= 1.25; // a retention gap
        if (cp.operational && this.isFemale(k)) rate *= 1.1;
        const leavers = rng.binomial(n, rate);
        for (let i = 0; i < leavers; i++) {
          const r = rng.pick(reasonWeights);
          const vec = byReason[r] as number[];
          vec[k] = (vec[k] ?? 0) + 1;
        }
        v[k] = n - leavers;
      }
      separations.set(c.code, byReason);
    }

    // 2. Promotions, counted in the category promoted into, drawn from what is left of the feeder.
    const promotionsIn = new Map<string, number[]>();
    for (const { code, feeder } of this.promotionOrder) {
      const cp = categoryParams(code);
      const pool = this.vector(after, feeder);
      const into = this.emptyVector();
      const stockHere = (this.stock.get(code) ?? []).reduce((a, b) => a + b, 0);
      const available = pool.reduce((a, b) => a + b, 0);
      const count = Math.min(available, rng.poisson(stockHere * cp.promotionRate));
      const gap = code === 'middle' ? params.promotionGap : 0.85;
      const weightOf = (k: number) => (this.isMig(k) ? gap : 1) * (cp.operational && this.isFemale(k) ? 0.9 : 1);
      for (let i = 0; i < count; i++) {
        const k = rng.pick(pool.map((n, j) => n * weightOf(j)));
        pool[k] = (pool[k] ?? 0) - 1;
        into[k] = (into[k] ?? 0) + 1;
      }
      promotionsIn.set(code, into);
    }
    for (const [code, into] of promotionsIn) {
      const v = this.vector(after, code);
      for (let k = 0; k < space.size; k++) v[k] = (v[k] ?? 0) + (into[k] ?? 0);
    }

    // 3. Hires fill the gap to the target size (which grows slowly).
    const hires = new Map<string, [number[], number[]]>(); // category → [new recruits, transfers in]
    for (const c of space.categories) {
      const cp = categoryParams(c.code);
      const v = this.vector(after, c.code);
      const target = (this.targets.get(c.code) ?? 0) * Math.pow(1 + params.growth, step + 1);
      const current = v.reduce((a, b) => a + b, 0);
      const count = rng.poisson(Math.max(0, target - current));
      const recruits = this.emptyVector();
      const transfers = this.emptyVector();
      const recruitMix = this.mix(c.code, 'recruit', step);
      const transferMix = this.mix(c.code, 'transfer', step);
      for (let i = 0; i < count; i++) {
        const isRecruit = rng.next() < cp.newRecruitShare;
        const k = drawPerson(rng, space, isRecruit ? recruitMix : transferMix);
        const vec = isRecruit ? recruits : transfers;
        vec[k] = (vec[k] ?? 0) + 1;
        v[k] = (v[k] ?? 0) + 1;
      }
      hires.set(c.code, [recruits, transfers]);
    }

    for (const c of space.categories) {
      const [recruits, transfers] = hires.get(c.code) ?? [[], []];
      for (const [detail, vec] of [
        ['new_recruit', recruits],
        ['transfer_in', transfers],
      ] as const) {
        for (let k = 0; k < space.size; k++) {
          const n = vec[k] ?? 0;
          if (n > 0) cells.push({ measure: 'hires', detail, category: c.code, classes: classesOf(k), count: n });
        }
      }
    }
    for (const c of space.categories) {
      const into = promotionsIn.get(c.code);
      if (!into) continue;
      for (let k = 0; k < space.size; k++) {
        const n = into[k] ?? 0;
        if (n > 0) cells.push({ measure: 'promotions', detail: '', category: c.code, classes: classesOf(k), count: n });
      }
    }
    for (const c of space.categories) {
      const byReason = separations.get(c.code) ?? [];
      byReason.forEach((vec, r) => {
        for (let k = 0; k < space.size; k++) {
          const n = vec[k] ?? 0;
          if (n > 0) cells.push({ measure: 'separations', detail: SEPARATION_REASONS[r] as string, category: c.code, classes: classesOf(k), count: n });
        }
      });
    }

    this.stock = after;
    return { cells };
  }

  /** A recruitment round for inspectors: each stage is drawn from the previous, so the funnel is monotone. */
  funnel(step: number): Cell[] {
    const { space, params, rng } = this;
    if (!space.categories.some((c) => c.code === FUNNEL_CATEGORY)) return [];
    const mix = this.mix(FUNNEL_CATEGORY, 'applicant', step);
    const applicants = this.emptyVector();
    const n = rng.poisson(params.applicantsPerRound);
    for (let i = 0; i < n; i++) {
      const k = drawPerson(rng, space, mix);
      applicants[k] = (applicants[k] ?? 0) + 1;
    }
    const stages: number[][] = [applicants];
    const passRates = [0.45, 0.6, 0.75];
    passRates.forEach((base, s) => {
      const prev = stages[s] as number[];
      const next = this.emptyVector();
      for (let k = 0; k < space.size; k++) {
        let p = base;
        if (this.isMig(k)) p *= s === 0 ? params.testPassGap : s === 1 ? 0.92 : 1;
        if (s === 0 && this.isFemale(k)) p *= 0.95;
        next[k] = rng.binomial(prev[k] ?? 0, p);
      }
      stages.push(next);
    });
    const cells: Cell[] = [];
    stages.forEach((vec, s) => {
      for (let k = 0; k < space.size; k++) {
        const count = vec[k] ?? 0;
        if (count > 0)
          cells.push({
            measure: 'funnel',
            detail: FUNNEL_STAGES[s] as string,
            category: FUNNEL_CATEGORY,
            classes: {
              gender: space.genders[Math.floor(k / space.origins.length)] as string,
              origin: space.origins[k % space.origins.length] as string,
            },
            count,
          });
      }
    });
    return cells;
  }

  /** Moves up to `count` people from origin "not declared" to `origin` in the stock, without a flow. */
  changeDeclaration(category: string, gender: string, origin: string, count: number): number {
    const g = this.space.genders.indexOf(gender);
    const from = this.space.origins.indexOf(this.space.originNd);
    const to = this.space.origins.indexOf(origin);
    const v = this.stock.get(category);
    if (!v || g < 0 || from < 0 || to < 0) return 0;
    const kFrom = cellIndex(this.space, g, from);
    const kTo = cellIndex(this.space, g, to);
    const moved = Math.min(count, v[kFrom] ?? 0);
    v[kFrom] = (v[kFrom] ?? 0) - moved;
    v[kTo] = (v[kTo] ?? 0) + moved;
    return moved;
  }

  /** The complete headcount table: every category × gender × origin, zeros included. */
  headcountCells(): Cell[] {
    const cells: Cell[] = [];
    for (const c of this.space.categories) {
      const v = this.stock.get(c.code) ?? this.emptyVector();
      for (let g = 0; g < this.space.genders.length; g++)
        for (let o = 0; o < this.space.origins.length; o++)
          cells.push({
            measure: 'headcount',
            detail: '',
            category: c.code,
            classes: { gender: this.space.genders[g] as string, origin: this.space.origins[o] as string },
            count: v[cellIndex(this.space, g, o)] ?? 0,
          });
    }
    return cells;
  }
}

function requireDimension(profile: ClassificationProfile, code: string): DimensionDef {
  const d = findDimension(profile, code);
  if (!d) throw new Error(`Demo data needs a profile with a "${code}" dimension; "${profile.code}" has none`);
  return d;
}

/**
 * Deterministic (seeded PRNG, no Math.random) plausible returns for every zone × quarter.
 *
 * Periods are sorted and treated as consecutive quarters; the first one's headcount is the starting
 * stock. Returns are ordered by zone (as given), then period. Headcount tables are complete (zeros
 * included); flow cells are listed only when non-zero. Stock-flow consistency holds exactly except
 * for two deliberate declaration changes (3 people in the first zone, 2 in the third), each showing
 * as a pair of opposite gaps in one quarter.
 */
export function generateDemoReturns(
  profile: ClassificationProfile,
  zones: Omit<DemoZone, 'communes'>[],
  periods: string[],
  seed: number = DEFAULT_DEMO_SEED,
): DemoReturn[] {
  const gender = requireDimension(profile, 'gender');
  const origin = requireDimension(profile, 'origin');
  const space: Space = {
    categories: profile.categories,
    genders: gender.values.map((v) => v.code),
    origins: origin.values.map((v) => v.code),
    genderNd: notDeclaredCode(gender),
    originNd: notDeclaredCode(origin),
    size: gender.values.length * origin.values.length,
  };
  const sorted = [...new Set(periods)].sort((a, b) => periodIndex(a) - periodIndex(b));

  const changes: DeclarationChange[] = [];
  if (sorted.length >= 2 && zones.length > 0) {
    const last = sorted.length - 1;
    changes.push({ zoneIndex: 0, periodIndex: Math.min(5, last), category: 'basic', gender: 'male', origin: 'be_non_eu', count: 3 });
    changes.push({ zoneIndex: Math.min(2, zones.length - 1), periodIndex: Math.max(1, Math.min(8, last)), category: 'calog_c', gender: 'female', origin: 'be_eu', count: 2 });
  }

  const out: DemoReturn[] = [];
  zones.forEach((zone, zoneIndex) => {
    const base = ZONE_PARAMS[zone.code] ?? fallbackParams(zone.code);
    // A smaller zone runs proportionally smaller recruitment rounds.
    const params = zone.total === undefined ? base : { ...base, total: zone.total, applicantsPerRound: Math.max(5, Math.round((base.applicantsPerRound * zone.total) / base.total)) };
    const sim = new ZoneSimulation(space, params, (hashString(zone.code) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0);
    sim.initialise();
    sorted.forEach((period, step) => {
      const { cells: flows } = sim.simulateQuarter(step);
      for (const ch of changes)
        if (ch.zoneIndex === zoneIndex && ch.periodIndex === step) sim.changeDeclaration(ch.category, ch.gender, ch.origin, ch.count);
      const quarter = (periodIndex(period) % 4) + 1;
      const funnel = params.funnelQuarters.includes(quarter) ? sim.funnel(step) : [];
      out.push({ zone: zone.code, period, cells: [...sim.headcountCells(), ...flows, ...funnel] });
    });
  });
  return out;
}
