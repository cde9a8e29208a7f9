/**
 * Disclosure control of a set of published sums that are linked by additivity (a table with its
 * margins and roll-ups, or several tables of one data cube).
 *
 * 1. Primary suppression: every sum from 1 to k − 1.
 * 2. Complementary suppression, first by the line rule: in every relation (a total and the parts
 *    that add up to it), a single withheld value gets a second one — the smallest part, a total
 *    only when no part is left.
 * 3. LP audit (`feasibleIntervals`): for every primary value, the interval an attacker can derive
 *    from everything published. While one is narrower than its protection interval, the part of
 *    one of its relations that protects it best is withheld too, and the audit is repeated.
 *
 * Protection interval of a primary value v: the attacker's interval must reach down to
 * max(0, v − ⌈k/2⌉) and up to v + ⌈k/2⌉ — they cannot tell whether the count is small or not.
 */
import { feasibleIntervals, type Interval, type Link, type SumItem } from './lp-audit.js';

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

export function protectionLevel(k: number): number {
  return Math.ceil(k / 2);
}

export function isProtected(value: number, interval: Interval, k: number): boolean {
  const p = protectionLevel(k);
  const eps = 1e-6;
  return interval.low <= Math.max(0, value - p) + eps && interval.high >= value + p - eps;
}

const MAX_ROUNDS = 500;

/**
 * Tables published beside this one and linked to it by equations (the stock-flow identity): their
 * published sums and primary values use leaves numbered after this table's, `links` tie them to
 * this table's leaves, and repairs withhold only items of this table.
 */
export interface LinkedTables {
  leafCount: number;
  published: SumItem[];
  targets: SumItem[];
  links: Link[];
}

/** Which items to withhold for threshold k. */
export async function protect(model: CubeModel, k: number, extra?: LinkedTables): Promise<boolean[]> {
  const { items, isMargin, relations } = model;
  const hidden = items.map((it) => it.value > 0 && it.value < k);
  if (k <= 1 || (!hidden.some(Boolean) && !extra?.targets.length)) return hidden;
  const primary = hidden.map((h, i) => (h ? i : -1)).filter((i) => i >= 0);
  // Cheapest first: small cells; zero cells (which protect little and are not sensitive) and
  // margins only when nothing else is left.
  const cost = (i: number) => (isMargin[i] ? 1e9 : 0) + (items[i]!.value === 0 ? 1e6 : 0) + items[i]!.value;

  // Line rule.
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of relations) {
      const members = [r.total, ...r.parts];
      if (members.filter((i) => hidden[i]).length !== 1) continue;
      const pick = members.filter((i) => !hidden[i]).sort((a, b) => cost(a) - cost(b))[0];
      if (pick !== undefined) {
        hidden[pick] = true;
        changed = true;
      }
    }
  }
  // LP audit with greedy repair. Withholding more only widens intervals, so a value found protected
  // stays protected: each primary value is audited until it is, then the next.
  const leafCount = extra?.leafCount ?? model.leafCount;
  const publishedItems = () => [...items.filter((_, i) => !hidden[i]), ...(extra?.published ?? [])];
  const intervalOf = async (target: SumItem) => (await feasibleIntervals([target], publishedItems(), leafCount, extra?.links ?? []))[0]!;
  let rounds = 0;
  /** Every item sharing a relation with one of `targets`, withheld or not. */
  const members = (targets: number[]) => [...new Set(relations.filter((r) => targets.some((t) => r.total === t || r.parts.includes(t))).flatMap((r) => [r.total, ...r.parts]))];
  const published = (list: number[]) => list.filter((i) => !hidden[i]).sort((a, b) => cost(a) - cost(b));
  // Targets: this table's primary values, and the linked tables' (their leaves map onto ours by position).
  const own = (leaves: number[]) => {
    const local = new Set(leaves.map((l) => l % model.leafCount));
    return items.map((_, i) => i).filter((i) => items[i]!.leaves.some((l) => local.has(l)));
  };
  const targets: { item: SumItem; ring1: () => number[] }[] = [
    ...primary.map((t) => ({ item: items[t]!, ring1: () => members([t]) })),
    ...(extra?.targets ?? []).map((item) => ({ item, ring1: () => own(item.leaves) })),
  ];
  for (const { item, ring1: ringOf } of targets) {
    let iv = await intervalOf(item);
    while (!isProtected(item.value, iv, k)) {
      if (++rounds > MAX_ROUNDS) throw new Error('Disclosure control did not converge');
      // Candidates: what shares a relation with it; if none of those widens its interval, one step further.
      const ring1 = ringOf();
      const near = published(ring1);
      let choice: { item: number; iv: Interval } | null = null;
      // Ring 2 goes through withheld items too: a withheld column total links to the other totals.
      for (const pool of [near, published(members(ring1)).filter((i) => !near.includes(i))]) {
        let best: { item: number; iv: Interval } | null = null;
        for (const c of pool) {
          hidden[c] = true;
          const trial = await intervalOf(item);
          hidden[c] = false;
          if (isProtected(item.value, trial, k)) {
            best = { item: c, iv: trial };
            break;
          }
          if (!best || trial.high - trial.low > best.iv.high - best.iv.low) best = { item: c, iv: trial };
        }
        if (best && (isProtected(item.value, best.iv, k) || best.iv.high - best.iv.low > iv.high - iv.low + 1e-6)) {
          choice = best;
          break;
        }
      }
      if (!choice) {
        // No single item widens it: several equations pin it. Withhold the cheapest total that
        // pins it (a margin of one of its relations) and look again.
        const fallback = near.find((i) => isMargin[i]) ?? near[0] ?? items.map((_, i) => i).filter((i) => !hidden[i]).sort((a, b) => cost(a) - cost(b))[0];
        if (fallback === undefined) return hidden;
        hidden[fallback] = true;
        iv = await intervalOf(item);
        continue;
      }
      hidden[choice.item] = true;
      iv = choice.iv;
    }
  }
  return hidden;
}
