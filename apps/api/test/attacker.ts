/**
 * The attacker of the disclosure-control tests: from published numbers only, it solves by linear
 * programming (HiGHS, written independently of the product's own audit) for the smallest and
 * largest value a withheld count can have.
 */
import { BELGIUM_POLICE, type Count, isSuppressed } from '@equity/shared';
import highsModule from 'highs';

interface Solver {
  solve(lp: string): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
}
let solver: Solver | null = null;
export async function loadAttacker(): Promise<void> {
  solver ??= await (highsModule as unknown as () => Promise<Solver>)();
}

export const categories = BELGIUM_POLICE.categories.map((c) => c.code);
export const genders = BELGIUM_POLICE.dimensions.find((d) => d.code === 'gender')!.values.map((v) => v.code);
export const origins = BELGIUM_POLICE.dimensions.find((d) => d.code === 'origin')!.values.map((v) => v.code);

/** What a client sees of one zone and quarter: the two published tables with their totals. */
export interface PublishedTables {
  total: Count;
  categoryTotals: Map<string, Count>;
  gender: { cells: Map<string, Count>; valueTotals: Map<string, Count> };
  origin: { cells: Map<string, Count>; valueTotals: Map<string, Count> };
  /** Other published sums (roll-ups, "all declared", category groups): equations when shown, targets when withheld. */
  sums?: { categories: string[] | null; dimension: string; values: string[]; count: Count }[];
}

/** The unknowns of the sum over some categories (null: all) and values of one classification. */
function sumUnknowns(x: (c: string, g: string, o: string) => string, cats: string[] | null, dimension: string, values: string[]): string[] {
  return (cats ?? categories).flatMap((c) => genders.flatMap((g) => origins.filter((o) => values.includes(dimension === 'origin' ? o : g)).map((o) => x(c, g, o))));
}

export interface Equation {
  lhs: string[];
  rhs: number;
  /** Coefficients of `lhs` (all 1 when absent). */
  coef?: number[];
}

const side = (e: Equation) => e.lhs.map((v, j) => {
  const c = e.coef?.[j] ?? 1;
  return `${c < 0 ? '-' : j ? '+' : ''} ${Math.abs(c)} ${v}`;
}).join(' ');

/** The unknown of one cell of a table (`table` names the table when several are attacked together). */
const cellVar = (table: string) => (c: string, g: string, o: string) => `${table}_${c}_${g}_${o}`;
const x = cellVar('x');

/** An equation from a published count of some categories (null: all) and values of one classification. */
export function countEquation(cats: string[] | null, dimension: 'gender' | 'origin', values: string[], count: Count | null | undefined): Equation[] {
  if (typeof count !== 'number') return [];
  const lhs = sumUnknowns(x, cats, dimension, values);
  return lhs.length ? [{ lhs, rhs: count }] : [];
}

/** Unknowns: one per category × gender × origin, ≥ 0; every published number is an equation. */
export function equations(p: PublishedTables, extra: Equation[] = [], table = 'x'): Equation[] {
  const x = cellVar(table);
  const eqs: Equation[] = [];
  const add = (lhs: string[], value: Count | undefined) => {
    if (value !== undefined && !isSuppressed(value)) eqs.push({ lhs, rhs: value });
  };
  add(categories.flatMap((c) => genders.flatMap((g) => origins.map((o) => x(c, g, o)))), p.total);
  for (const c of categories) add(genders.flatMap((g) => origins.map((o) => x(c, g, o))), p.categoryTotals.get(c));
  for (const g of genders) {
    add(categories.flatMap((c) => origins.map((o) => x(c, g, o))), p.gender.valueTotals.get(g));
    for (const c of categories) add(origins.map((o) => x(c, g, o)), p.gender.cells.get(`${c}|${g}`));
  }
  for (const o of origins) {
    add(categories.flatMap((c) => genders.map((g) => x(c, g, o))), p.origin.valueTotals.get(o));
    for (const c of categories) add(genders.map((g) => x(c, g, o)), p.origin.cells.get(`${c}|${o}`));
  }
  for (const sum of p.sums ?? []) add(sumUnknowns(x, sum.categories, sum.dimension, sum.values), sum.count);
  return [...eqs, ...extra];
}

/** The smallest or largest value of the sum of `target` under `eqs` (unknowns ≥ 0), with the optimum (none when unbounded). */
function extreme(eqs: Equation[], target: string[], sense: 'Minimize' | 'Maximize'): { value: number; point: Map<string, number> | null } {
  if (!solver) throw new Error('call loadAttacker() first');
  const vars = new Set([...target, ...eqs.flatMap((e) => e.lhs)]);
  const lp = [sense, ` z: ${target.join(' + ')}`, 'Subject To', ...eqs.map((e, i) => ` e${i}: ${side(e)} = ${e.rhs}`), 'Bounds', ...[...vars].map((v) => ` ${v} >= 0`), 'End'].join('\n');
  const r = solver.solve(lp);
  if (r.Status === 'Unbounded') return { value: Number.POSITIVE_INFINITY, point: null };
  if (r.Status !== 'Optimal') throw new Error(`attacker LP: ${r.Status}`);
  return { value: r.ObjectiveValue, point: new Map(Object.entries(r.Columns).map(([v, c]) => [v, c.Primal])) };
}

export function attack(eqs: Equation[], target: string[]): { low: number; high: number } {
  return { low: extreme(eqs, target, 'Minimize').value, high: extreme(eqs, target, 'Maximize').value };
}

/**
 * Optima found for each system of equations: every one is a point that satisfies all of them, so
 * the sum of a target there is a value the target can take. A target that some points put at or
 * below, and some at or above, the sides of its protection interval is not narrowed: no LP is
 * needed to know it (an unknown in no equation is free: 0 is one of its values).
 */
const pointsOf = new WeakMap<Equation[], Map<string, number>[]>();

/** Whether the target's interval under `eqs` is narrower than [low, high]; with the interval's ends when it is. */
function narrowedBy(eqs: Equation[], target: string[], low: number, high: number): { low: number; high: number } | null {
  let points = pointsOf.get(eqs);
  if (!points) pointsOf.set(eqs, (points = []));
  const sums = points.map((p) => target.reduce((s, v) => s + (p.get(v) ?? 0), 0));
  const eps = 1e-6;
  const reaches = { low: sums.some((v) => v <= low + eps), high: sums.some((v) => v >= high - eps) };
  if (reaches.low && reaches.high) return null;
  const solve = (sense: 'Minimize' | 'Maximize') => {
    const r = extreme(eqs, target, sense);
    if (r.point) points.push(r.point);
    return r.value;
  };
  const min = reaches.low ? null : solve('Minimize');
  const max = reaches.high ? null : solve('Maximize');
  if ((min === null || min <= low + eps) && (max === null || max >= high - eps)) return null;
  // Narrowed: both ends exactly, for the report.
  return { low: min ?? solve('Minimize'), high: max ?? solve('Maximize') };
}

export interface TrueLeaf {
  category: string;
  classes: Record<string, string>;
  count: number;
}

/** Every withheld count of the published tables, with its true value and the unknowns it sums. */
export function withheldCounts(p: PublishedTables, truth: TrueLeaf[], table = 'x'): { what: string; value: number; target: string[] }[] {
  const x = cellVar(table);
  const sum = (pred: (l: TrueLeaf) => boolean) => truth.filter(pred).reduce((s, l) => s + l.count, 0);
  const out: { what: string; value: number; target: string[] }[] = [];
  for (const [dimension, values, others] of [
    ['gender', genders, origins],
    ['origin', origins, genders],
  ] as const) {
    const t = p[dimension];
    const unknowns = (c: string | null, value: string) =>
      (c ? [c] : categories).flatMap((cc) => others.map((other) => (dimension === 'gender' ? x(cc, value, other) : x(cc, other, value))));
    for (const value of values) {
      if (isSuppressed(t.valueTotals.get(value))) out.push({ what: `${dimension}=${value}`, value: sum((l) => l.classes[dimension] === value), target: unknowns(null, value) });
      for (const c of categories) {
        if (isSuppressed(t.cells.get(`${c}|${value}`))) {
          out.push({ what: `${c} × ${dimension}=${value}`, value: sum((l) => l.category === c && l.classes[dimension] === value), target: unknowns(c, value) });
        }
      }
    }
  }
  for (const c of categories) {
    if (isSuppressed(p.categoryTotals.get(c))) out.push({ what: c, value: sum((l) => l.category === c), target: genders.flatMap((g) => origins.map((o) => x(c, g, o))) });
  }
  for (const published of p.sums ?? []) {
    if (!isSuppressed(published.count)) continue;
    const cats = published.categories ?? categories;
    out.push({
      what: `${published.categories ? published.categories.join('+') : 'all'} × ${published.dimension}=${published.values.join('+')}`,
      value: sum((l) => cats.includes(l.category) && published.values.includes(l.classes[published.dimension]!)),
      target: sumUnknowns(x, published.categories, published.dimension, published.values),
    });
  }
  if (isSuppressed(p.total)) out.push({ what: 'total', value: sum(() => true), target: categories.flatMap((c) => genders.flatMap((g) => origins.map((o) => x(c, g, o)))) });
  return out;
}

/** The withheld counts from 1 to k − 1 whose feasible interval is narrower than the protection interval. */
export function breaches(p: PublishedTables, truth: TrueLeaf[], k: number, extra: Equation[] = []): { what: string; value: number; low: number; high: number }[] {
  const level = Math.ceil(k / 2);
  const eqs = equations(p, extra);
  return withheldCounts(p, truth)
    .filter((h) => h.value > 0 && h.value < k)
    .flatMap((h) => {
      const r = narrowedBy(eqs, h.target, Math.max(0, h.value - level), h.value + level);
      return r ? [{ what: h.what, value: h.value, ...r }] : [];
    });
}

/** The targets from 1 to k − 1 whose interval, from the equations `eqsOf` gives for each, is narrower than the protection interval (`first`: the first only). */
function narrowed<T extends { what: string; value: number; target: string[] }>(targets: T[], k: number, eqsOf: (t: T) => Equation[], first = false): { what: string; value: number; low: number; high: number }[] {
  const level = Math.ceil(k / 2);
  const found: { what: string; value: number; low: number; high: number }[] = [];
  for (const h of targets.filter((t) => t.value > 0 && t.value < k)) {
    const r = narrowedBy(eqsOf(h), h.target, Math.max(0, h.value - level), h.value + level);
    if (r) {
      found.push({ what: h.what, value: h.value, ...r });
      if (first) break;
    }
  }
  return found;
}

export const LINKED = ['headcount', 'hires', 'promotions', 'separations'] as const;
/** What a client sees of one zone's quarter (the four tables) and, for the test, the true counts. */
export interface QuarterView {
  tables: Record<(typeof LINKED)[number], PublishedTables>;
  truth: Record<(typeof LINKED)[number], TrueLeaf[]>;
}

/**
 * The attacker against a run of consecutive quarters: every published number of every table of
 * every quarter, plus, for every cell and every quarter after the first, the stock-flow identity
 * headcount = previous headcount + hires + promotions in − promotions out − separations + r with
 * the residual r known exactly (the strongest attacker). Returns the withheld counts from 1 to
 * k − 1, in any table of any quarter, whose feasible interval is narrower than the protection interval.
 */
export function chainBreaches(quarters: QuarterView[], k: number, options: { /** Stop at the first breach (a control). */ first?: boolean } = {}): { what: string; value: number; low: number; high: number }[] {
  const name = (q: number, m: string) => `${m.slice(0, 2)}${q}`;
  const eqs: Equation[] = [];
  const targets: { what: string; value: number; target: string[] }[] = [];
  const next = new Map(BELGIUM_POLICE.categories.filter((c) => c.feeders.length === 1).map((c) => [c.feeders[0]!, c.code]));
  const truthOf = (leaves: TrueLeaf[], c: string, g: string, o: string) =>
    leaves.filter((l) => l.category === c && l.classes.gender === g && l.classes.origin === o).reduce((s, l) => s + l.count, 0);
  quarters.forEach((view, q) => {
    for (const m of LINKED) {
      eqs.push(...equations(view.tables[m], [], name(q, m)));
      targets.push(...withheldCounts(view.tables[m], view.truth[m], name(q, m)).map((t) => ({ ...t, what: `quarter ${q} ${m}: ${t.what}` })));
    }
    if (q === 0) return;
    const before = quarters[q - 1]!;
    for (const c of categories) for (const g of genders) for (const o of origins) {
      const v = (m: string, qq: number, cc = c) => cellVar(name(qq, m))(cc, g, o);
      const lhs = [v('headcount', q), v('headcount', q - 1), v('hires', q), v('promotions', q), v('separations', q)];
      const coef = [1, -1, -1, -1, 1];
      const t = view.truth;
      let r = truthOf(t.headcount, c, g, o) - truthOf(before.truth.headcount, c, g, o) - truthOf(t.hires, c, g, o) - truthOf(t.promotions, c, g, o) + truthOf(t.separations, c, g, o);
      const up = next.get(c);
      if (up) {
        lhs.push(v('promotions', q, up));
        coef.push(1);
        r += truthOf(t.promotions, up, g, o);
      }
      eqs.push({ lhs, coef, rhs: r });
    }
  });
  return narrowed(targets, k, () => eqs, options.first);
}

export const WINDOW = ['hires', 'promotions', 'separations'] as const;
/** What a protected role sees of one zone's quarter q with flows as windows, and, for the test, the truth. */
export interface WindowView {
  /** The quarter's headcount, when the attacker is given it. */
  headcount?: PublishedTables;
  /** Each flow summed over the four quarters to q. */
  windows: Record<(typeof WINDOW)[number], PublishedTables>;
  truth: { headcount?: TrueLeaf[]; windows: Record<(typeof WINDOW)[number], TrueLeaf[]> };
}

/** The cell of each unknown of a window table (codes hold underscores: looked up, not split). */
const windowCells = new Map(categories.flatMap((c) => genders.flatMap((g) => origins.map((o) => [cellVar('W')(c, g, o), [c, g, o] as [string, string, string]] as const))));

/** Replaces the unknowns of a window table (`W…_c_g_o`) by the sum of the quarterly unknowns of its quarters. */
function overQuarters(eq: Equation, table: string, quarterly: (c: string, g: string, o: string) => string[]): Equation {
  const lhs: string[] = [];
  const coef: number[] = [];
  eq.lhs.forEach((v, j) => {
    const c = eq.coef?.[j] ?? 1;
    if (!windowCells.has(v) || table !== 'W') {
      lhs.push(v);
      coef.push(c);
      return;
    }
    const cell = windowCells.get(v);
    if (!cell) throw new Error(`${v} is no cell of a window table`);
    for (const u of quarterly(...cell)) {
      lhs.push(u);
      coef.push(c);
    }
  });
  return { lhs, rhs: eq.rhs, coef };
}

/**
 * The attacker against flows published as 4-quarter windows. Unknowns: every quarter's flows (and
 * headcount) per cell (quarter 0 … n − 1 of `truth`). Equations: every published number of the
 * views (each view: the three windows ending at its quarter, and its headcount if given), the
 * headcount tables in `headcounts` (other quarters' publications) and, with `identity`, the
 * stock-flow identity of every cell between consecutive quarters with the residual known (the
 * strongest attacker). Targets: the withheld counts from 1 to k − 1 of every published table.
 * Returns those narrowed below the protection interval.
 */
export function windowBreaches(
  truth: { headcount: TrueLeaf[]; hires: TrueLeaf[]; promotions: TrueLeaf[]; separations: TrueLeaf[] }[],
  views: { quarter: number; view: WindowView }[],
  k: number,
  options: { identity: boolean; headcounts?: { quarter: number; tables: PublishedTables }[]; /** Stop at the first breach (a control). */ first?: boolean },
): { what: string; value: number; low: number; high: number }[] {
  const v = (m: string, q: number) => cellVar(`${m.slice(0, 2)}${q}`);
  // Without the identity the tables of different measures share no unknown: each is attacked alone (smaller LPs, same bounds).
  const part = (m: string) => (options.identity ? 'all' : m);
  const systems = new Map<string, Equation[]>();
  const eqsOf = (m: string) => systems.get(part(m)) ?? systems.set(part(m), []).get(part(m))!;
  const targets: { what: string; value: number; target: string[]; measure: string }[] = [];
  const windowOf = (m: string, q: number) => (c: string, g: string, o: string) => [0, 1, 2, 3].map((j) => v(m, q - j)(c, g, o));
  const expand = (m: string, q: number) => (e: Equation) => overQuarters(e, 'W', windowOf(m, q));
  for (const { quarter: q, view } of views) {
    if (view.headcount) {
      eqsOf('headcount').push(...equations(view.headcount, [], `he${q}`));
      targets.push(...withheldCounts(view.headcount, view.truth.headcount ?? [], `he${q}`).map((t) => ({ ...t, measure: 'headcount', what: `quarter ${q} headcount: ${t.what}` })));
    }
    for (const m of WINDOW) {
      eqsOf(m).push(...equations(view.windows[m], [], 'W').map(expand(m, q)));
      targets.push(
        ...withheldCounts(view.windows[m], view.truth.windows[m], 'W').map((t) => ({ ...t, measure: m, what: `window to ${q} ${m}: ${t.what}`, target: expand(m, q)({ lhs: t.target, rhs: 0 }).lhs })),
      );
    }
  }
  for (const { quarter: q, tables } of options.headcounts ?? []) eqsOf('headcount').push(...equations(tables, [], `he${q}`));
  const next = new Map(BELGIUM_POLICE.categories.filter((c) => c.feeders.length === 1).map((c) => [c.feeders[0]!, c.code]));
  const truthOf = (leaves: TrueLeaf[], c: string, g: string, o: string) =>
    leaves.filter((l) => l.category === c && l.classes.gender === g && l.classes.origin === o).reduce((s, l) => s + l.count, 0);
  for (let q = 1; options.identity && q < truth.length; q++) {
    const t = truth[q]!;
    for (const c of categories) for (const g of genders) for (const o of origins) {
      const lhs = [v('headcount', q)(c, g, o), v('headcount', q - 1)(c, g, o), v('hires', q)(c, g, o), v('promotions', q)(c, g, o), v('separations', q)(c, g, o)];
      const coef = [1, -1, -1, -1, 1];
      let r = truthOf(t.headcount, c, g, o) - truthOf(truth[q - 1]!.headcount, c, g, o) - truthOf(t.hires, c, g, o) - truthOf(t.promotions, c, g, o) + truthOf(t.separations, c, g, o);
      const up = next.get(c);
      if (up) {
        lhs.push(v('promotions', q)(up, g, o));
        coef.push(1);
        r += truthOf(t.promotions, up, g, o);
      }
      eqsOf('all').push({ lhs, coef, rhs: r });
    }
  }
  return narrowed(targets, k, (h) => eqsOf(h.measure), options.first);
}

/** What a protected role sees of one zone's funnel at quarter q: each stage summed over the four quarters to q, and, for the test, the truth. */
export interface FunnelView {
  windows: Record<string, PublishedTables>;
  truth: Record<string, TrueLeaf[]>;
}

/**
 * The attacker against the selection funnel published by stage as 4-quarter windows. Unknowns:
 * every quarter's count per stage and cell (quarter 0 … n − 1 of `truth`, stages in `stages`
 * order). Equations: every published number of the views (each view: every stage's window ending at
 * its quarter) and, with `monotone`, what anyone knows of a funnel: in every quarter and cell a
 * stage holds no more than the stage before — F(s) − F(s + 1) − slack = 0 with a slack ≥ 0, where the
 * truth agrees. Targets: the withheld counts from 1 to k − 1 of every published window. Returns those
 * narrowed below the protection interval.
 */
export function funnelBreaches(
  stages: readonly string[],
  truth: Record<string, TrueLeaf[]>[],
  views: { quarter: number; view: FunnelView }[],
  k: number,
  options: { monotone: boolean; /** Stop at the first breach (a control). */ first?: boolean },
): { what: string; value: number; low: number; high: number }[] {
  const v = (s: number, q: number) => cellVar(`f${s}q${q}`);
  const eqs: Equation[] = [];
  const targets: { what: string; value: number; target: string[] }[] = [];
  for (const { quarter: q, view } of views) {
    stages.forEach((stage, s) => {
      const expand = (e: Equation) => overQuarters(e, 'W', (c, g, o) => [0, 1, 2, 3].map((j) => v(s, q - j)(c, g, o)));
      eqs.push(...equations(view.windows[stage]!, [], 'W').map(expand));
      targets.push(...withheldCounts(view.windows[stage]!, view.truth[stage] ?? [], 'W').map((t) => ({ ...t, what: `window to ${q} ${stage}: ${t.what}`, target: expand({ lhs: t.target, rhs: 0 }).lhs })));
    });
  }
  const truthOf = (leaves: TrueLeaf[], c: string, g: string, o: string) =>
    leaves.filter((l) => l.category === c && l.classes.gender === g && l.classes.origin === o).reduce((sum, l) => sum + l.count, 0);
  for (let q = 0; options.monotone && q < truth.length; q++) {
    for (let s = 0; s + 1 < stages.length; s++) {
      for (const c of categories) for (const g of genders) for (const o of origins) {
        if (truthOf(truth[q]![stages[s]!] ?? [], c, g, o) < truthOf(truth[q]![stages[s + 1]!] ?? [], c, g, o)) continue;
        eqs.push({ lhs: [v(s, q)(c, g, o), v(s + 1, q)(c, g, o), `slack${s}q${q}_${c}_${g}_${o}`], coef: [1, -1, -1], rhs: 0 });
      }
    }
  }
  return narrowed(targets, k, () => eqs, options.first);
}
