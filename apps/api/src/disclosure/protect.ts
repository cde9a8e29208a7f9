/**
 * Disclosure control of a set of published sums that are linked by additivity (a table with its
 * margins and roll-ups, or several tables of one data cube).
 *
 * 1. Primary suppression: every sum from 1 to k − 1.
 * 2. Complementary suppression, first by the line rule: in every relation (a total and the parts
 *    that add up to it), a single withheld value gets a second one — the smallest part, a total
 *    only when no part is left.
 * 3. LP audit: for every primary value, the smallest and largest value an attacker can derive from
 *    everything published. While a side falls short of its protection interval, one of the
 *    published items whose equation binds that optimum (non-zero dual) is withheld too — the first
 *    that protects it, else the one that widens it most — and the audit is repeated. Every optimum
 *    is a feasible point: the sides of other values it already reaches need no LP of their own.
 * 4. Pruning: each complementary item is published again, the most costly first, when every side
 *    stays reached with it published (`prune`): greedy repairs withhold more than they need.
 *
 * Protection interval of a primary value v: the attacker's interval must reach down to
 * max(0, v − ⌈k/2⌉) and up to v + ⌈k/2⌉ — they cannot tell whether the count is small or not.
 */
import { type Interval, LinearSystem, type Link, type SumItem } from './lp-audit.js';

export interface Relation {
  /** Index of the total item. */
  total: number;
  /** Indexes of the items that add up to it. */
  parts: number[];
}

export interface CubeModel {
  leafCount: number;
  items: SumItem[];
  /** Margins (totals, roll-ups) are withheld only when no cell can do. */
  isMargin: boolean[];
  relations: Relation[];
}

/**
 * The version of how tables are protected and counts answered (this file, cube.ts, lp-audit.ts),
 * stored with every protection and answer and part of their keys: raise it with any change to
 * what a protection withholds or a count answers, and stored results of older versions are never
 * read again (the protection worker computes them anew). 2: an unbounded optimum is no point.
 * 3: roll-ups and category groups are cells of the protected tables (hierarchical, with costs).
 * 4: greedy repairs pruned (`prune`; not a researcher's joint quarter); feeder rows in headcount
 *    tables protected on their own.
 * 5: the selection funnel by stage as 4-quarter windows, protected together with the order of the
 *    stages (`protectFunnel`), instead of one table summed over the stages.
 */
export const PROTECTION_VERSION = 5;

export function protectionLevel(k: number): number {
  return Math.ceil(k / 2);
}

export function isProtected(value: number, interval: Interval, k: number): boolean {
  const p = protectionLevel(k);
  const eps = 1e-6;
  return interval.low <= Math.max(0, value - p) + eps && interval.high >= value + p - eps;
}

/** Repairs (items withheld by the audit) before giving up on finesse: see the loop. */
const MAX_ROUNDS = 500;
/** Feasible points `prune` keeps to decide sides without an LP. */
const POOL = 120;
/**
 * LPs `prune` may solve per protection: it publishes the most costly items first, so the budget
 * (counted, not timed: the same input gives the same pattern on any machine) cuts off the cheapest.
 */
const PRUNE_SOLVES = 150;
/** The same for a model audited with a context (`protectWindow`): its LPs are several times larger. */
const PRUNE_SOLVES_CONTEXT = 40;

/**
 * What an attacker knows beside the model and the equations that tie it in (the stock-flow
 * identity): sums already published (`published`), whose leaves are numbered after the model's,
 * and their withheld values (`targets`), which the model's publications must not give away either.
 * Repairs withhold only items of the model.
 */
export interface Context {
  published: SumItem[];
  targets: SumItem[];
  links: Link[];
}

/** Which items to withhold for threshold k, withholding at least `initial` (a protection of parts of the model). */
export async function protect(model: CubeModel, k: number, extra?: Context, initial?: boolean[], keep?: (i: number) => boolean, options: { prune?: boolean } = {}): Promise<boolean[]> {
  /** Items that complementary suppression does not choose (`keep`, e.g. a survey's response count); if nothing else can protect, everything is withheld. */
  const free = (i: number) => !keep?.(i);
  const { items, isMargin, relations } = model;
  const hidden = items.map((it, i) => (it.value > 0 && it.value < k) || (initial?.[i] ?? false));
  if (k <= 1 || (!hidden.some(Boolean) && !extra?.targets.length)) return hidden;
  const primary = items.map((it, i) => (it.value > 0 && it.value < k ? i : -1)).filter((i) => i >= 0);
  // Cheapest first: small cells; zero cells (which protect little and are not sensitive) and
  // margins only when nothing else is left.
  // Margins by breadth: a category total before a roll-up over all staff, the grand total last
  // (the headline hierarchy's cost); zeros after the non-zero items of their tier.
  const cost = (i: number) => (isMargin[i] ? 1e12 + items[i]!.leaves.length * 1e7 : 0) + (items[i]!.value === 0 ? 1e6 : 0) + items[i]!.value;

  // Line rule.
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of relations) {
      const members = [r.total, ...r.parts];
      if (members.filter((i) => hidden[i]).length !== 1) continue;
      const pick = members.filter((i) => !hidden[i] && free(i)).sort((a, b) => cost(a) - cost(b))[0];
      if (pick !== undefined) {
        hidden[pick] = true;
        changed = true;
      }
    }
  }
  // LP audit with greedy repair, one side of one primary value at a time. Withholding more only
  // widens intervals: a point found feasible stays feasible, so a side once proven stays proven.
  const p = protectionLevel(k);
  const eps = 1e-6;
  /** Every item sharing a relation with one of `targets`, withheld or not. */
  const members = (targets: number[]) => [...new Set(relations.filter((r) => targets.some((t) => r.total === t || r.parts.includes(t))).flatMap((r) => [r.total, ...r.parts]))];
  const targets: { item: SumItem; ring: number[]; low: boolean; high: boolean }[] = [
    ...primary.map((t) => ({ item: items[t]!, ring: members([t]), low: false, high: false })),
    ...(extra?.targets ?? []).map((item) => ({ item, ring: [], low: false, high: false })),
  ];
  const need = (item: SumItem) => ({ low: Math.max(0, item.value - p) + eps, high: item.value + p - eps });
  const sumAt = (point: Map<number, number>, leaves: number[]) => leaves.reduce((s, l) => s + (point.get(l) ?? 0), 0);
  /** Every point found feasible for what is published (withholding more keeps them feasible): reused by `prune`. */
  const points: Map<number, number>[] = [];
  /** Marks the sides of every target that a feasible point reaches (none without a point: an unbounded optimum). */
  const harvest = (point: Map<number, number> | null) => {
    if (!point) return;
    points.push(point);
    for (const t of targets) {
      if (t.low && t.high) continue;
      const sum = sumAt(point, t.item.leaves);
      const n = need(t.item);
      if (sum <= n.low) t.low = true;
      if (sum >= n.high) t.high = true;
    }
  };
  const solve = async (sense: 'Minimize' | 'Maximize', target: SumItem) => {
    const ownPublished = items.map((_, i) => i).filter((i) => !hidden[i]);
    const system = new LinearSystem([...ownPublished.map((i) => items[i]!), ...(extra?.published ?? [])], extra?.links ?? []);
    const r = await system.extreme(sense, target.leaves);
    // The solver blocks: requests waiting on the event loop go first after every solve (a value may
    // take up to 2 × MAX_TRIALS of them: one block of them was a stall of every request in flight).
    await new Promise((resolve) => setImmediate(resolve));
    // Items of this table whose equation binds the optimum, cheapest first, its own relations first.
    const binding = [...r.duals.keys()].filter((j) => j < ownPublished.length).map((j) => ownPublished[j]!);
    return { value: r.value, binding, point: r.point };
  };
  const MAX_TRIALS = 8;
  let rounds = 0;
  for (const t of targets) {
    for (const side of ['low', 'high'] as const) {
      if (t[side]) continue;
      const sense = side === 'low' ? 'Minimize' : 'Maximize';
      const bound = need(t.item)[side];
      const ok = (v: number) => (side === 'low' ? v <= bound : v >= bound);
      const wider = (a: number, b: number) => (side === 'low' ? a < b - eps : a > b + eps);
      // Detail parts before any total or roll-up (a headline goes last); among details the
      // target's own relations first; then the cheapest (margins: the narrowest).
      const near = (i: number) => (isMargin[i] || t.ring.includes(i) ? 0 : 1);
      const order = (list: number[]) => [...list].sort((a, b) => Number(isMargin[a]) - Number(isMargin[b]) || near(a) - near(b) || cost(a) - cost(b));
      let r = await solve(sense, t.item);
      harvest(r.point);
      while (!ok(r.value)) {
        // Each round withholds one more item; past the budget, withhold every item: nothing of this
        // model published adds nothing to what the attacker knew — always protected, never an error.
        if (++rounds > MAX_ROUNDS) return items.map(() => true);
        const candidates = order(r.binding.filter(free));
        /** Withholds each of `list` in turn: the first that protects the side, else the one that widens it most. */
        const trial = async (list: number[]) => {
          let found: { item: number; r: typeof r } | null = null;
          for (const c of list.slice(0, MAX_TRIALS)) {
            hidden[c] = true;
            const attempt = await solve(sense, t.item);
            hidden[c] = false;
            if (ok(attempt.value)) return { item: c, r: attempt };
            if (!found || wider(attempt.value, found.r.value)) found = { item: c, r: attempt };
          }
          return found;
        };
        const progress = (b: { r: typeof r } | null) => b !== null && (ok(b.r.value) || wider(b.r.value, r.value));
        // A detail part that helps goes before any total or roll-up, even one that would protect
        // the side at once: a headline is withheld only when no detail part moves the bound.
        let best = await trial(candidates.filter((c) => !isMargin[c]));
        if (!progress(best)) best = await trial(candidates.filter((c) => isMargin[c]));
        if (best && progress(best)) {
          hidden[best.item] = true;
          r = best.r;
          // Points of trials not taken are not feasible for what is published; this one is.
          harvest(r.point);
          continue;
        }
        // No single item widens it: several equations pin it. Withhold the cheapest one that binds
        // (else the cheapest related item, zeros included) and look again.
        const fallback = candidates[0] ?? order(t.ring.filter((i) => !hidden[i] && free(i)))[0] ?? order(items.map((_, i) => i).filter((i) => !hidden[i] && free(i)))[0];
        // Nothing left to withhold but what must stay (or nothing at all) and the side still short:
        // withhold everything.
        if (fallback === undefined) return items.map(() => true);
        hidden[fallback] = true;
        r = await solve(sense, t.item);
        harvest(r.point);
      }
      t[side] = true;
    }
  }
  if (options.prune ?? true) await prune(hidden);
  return hidden;

  /**
   * Greedy repairs over-protect: an item withheld early to protect one side may be needless once
   * later repairs withheld others (e.g. a detail part withheld first, then the roll-up beside it).
   * Each complementary item is published again, the most costly first (the grand total, roll-ups,
   * category totals, then large cells), when every side of every target stays reached with it
   * published. Points known feasible decide most sides without an LP: one whose sum of the item's
   * leaves equals its value stays feasible, and so does the convex combination of two that lie on
   * either side of it (the feasible set is convex). Otherwise the side's LP decides. Primary items
   * and `initial` stay withheld.
   */
  async function prune(hidden: boolean[]): Promise<void> {
    const primarySet = new Set(primary);
    const candidates = items
      .map((_, i) => i)
      .filter((i) => hidden[i] && !primarySet.has(i) && !(initial?.[i] ?? false) && free(i))
      .sort((a, b) => cost(b) - cost(a));
    /** Whether some relation of c would have one withheld member, a primary: given away exactly. */
    const exposes = (c: number) =>
      relations.some((r) => (r.total === c || r.parts.includes(c)) && [r.total, ...r.parts].filter((i) => hidden[i]).length === 1 && [r.total, ...r.parts].some((i) => hidden[i] && primarySet.has(i)));
    /** Sums of each target at a point, computed once per point. */
    const sums = new WeakMap<Map<number, number>, number[]>();
    const targetSums = (point: Map<number, number>) => {
      let out = sums.get(point);
      if (!out) sums.set(point, (out = targets.map((t) => sumAt(point, t.item.leaves))));
      return out;
    };
    const combine = (a: Map<number, number>, b: Map<number, number>, lambda: number) => {
      const out = new Map<number, number>();
      for (const key of new Set([...a.keys(), ...b.keys()])) out.set(key, lambda * (a.get(key) ?? 0) + (1 - lambda) * (b.get(key) ?? 0));
      return out;
    };
    /** Feasible points for what is published now (at most POOL, the latest). */
    let pool = points.slice(-POOL);
    let solves = 0;
    const budget = extra ? PRUNE_SOLVES_CONTEXT : PRUNE_SOLVES;
    for (const c of candidates) {
      if (solves >= budget) break;
      hidden[c] = false;
      if (exposes(c)) {
        hidden[c] = true;
        continue;
      }
      const { leaves, value } = items[c]!;
      const at = pool.map((point) => sumAt(point, leaves));
      const equal = pool.filter((_, j) => Math.abs(at[j]! - value) < eps);
      const lower = pool.map((_, j) => j).filter((j) => at[j]! <= value - eps);
      const higher = pool.map((_, j) => j).filter((j) => at[j]! >= value + eps);
      /** Points feasible with c published (so also without it). */
      const found: Map<number, number>[] = [];
      let holds = true;
      check: for (const [ti, t] of targets.entries()) {
        for (const side of ['low', 'high'] as const) {
          const bound = need(t.item)[side];
          const reached = (x: number) => (side === 'low' ? x <= bound : x >= bound);
          if ([...equal, ...found].some((point) => reached(targetSums(point)[ti]!))) continue;
          let pair: Map<number, number> | null = null;
          for (const a of lower) {
            for (const b of higher) {
              const lambda = (at[b]! - value) / (at[b]! - at[a]!);
              if (reached(lambda * targetSums(pool[a]!)[ti]! + (1 - lambda) * targetSums(pool[b]!)[ti]!)) {
                pair = combine(pool[a]!, pool[b]!, lambda);
                break;
              }
            }
            if (pair) break;
          }
          if (pair) {
            found.push(pair);
            continue;
          }
          if (++solves > budget) {
            holds = false;
            break check;
          }
          const r = await solve(side === 'low' ? 'Minimize' : 'Maximize', t.item);
          if (r.point) found.push(r.point);
          if (!reached(r.value)) {
            holds = false;
            break check;
          }
        }
      }
      if (holds) pool = [...equal, ...found].slice(-POOL);
      else {
        hidden[c] = true;
        pool = [...pool, ...found].slice(-POOL);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
