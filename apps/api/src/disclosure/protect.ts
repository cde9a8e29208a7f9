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
import { feasibleIntervals, type Interval, type SumItem } from './lp-audit.js';

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

/** Which items to withhold for threshold k. */
export async function protect(model: CubeModel, k: number): Promise<boolean[]> {
  const { items, isMargin, relations } = model;
  const hidden = items.map((it) => it.value > 0 && it.value < k);
  if (k <= 1 || !hidden.some(Boolean)) return hidden;
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
  const published = () => items.filter((_, i) => !hidden[i]);
  const intervalOf = async (t: number) => (await feasibleIntervals([items[t]!], published(), model.leafCount))[0]!;
  let rounds = 0;
  for (const t of primary) {
    while (!isProtected(items[t]!.value, await intervalOf(t), k)) {
      if (++rounds > MAX_ROUNDS) throw new Error('Disclosure control did not converge');
      const candidates = [...new Set(relations.filter((r) => r.total === t || r.parts.includes(t)).flatMap((r) => [r.total, ...r.parts]))]
        .filter((i) => !hidden[i])
        .sort((a, b) => cost(a) - cost(b))
        .slice(0, 6);
      if (candidates.length === 0) {
        // Nothing related is left to withhold: withhold the cheapest published item of all.
        const any = items.map((_, i) => i).filter((i) => !hidden[i]).sort((a, b) => cost(a) - cost(b))[0];
        if (any === undefined) return hidden;
        hidden[any] = true;
        continue;
      }
      let best = candidates[0]!;
      let bestWidth = -1;
      for (const c of candidates) {
        hidden[c] = true;
        const iv = await intervalOf(t);
        hidden[c] = false;
        if (isProtected(items[t]!.value, iv, k)) {
          best = c;
          break;
        }
        if (iv.high - iv.low > bestWidth) {
          bestWidth = iv.high - iv.low;
          best = c;
        }
      }
      hidden[best] = true;
    }
  }
  return hidden;
}
