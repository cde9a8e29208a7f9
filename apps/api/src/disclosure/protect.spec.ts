// The audit must be sound: an LP without an optimum never counts as protection. A planted case:
// the first withheld count's maximisation is unbounded (no published equation holds its leaf);
// the audit once read the missing optimum as a point with every count 0 and so took the lower
// side of every other withheld count as reached, publishing a table in which a withheld 2 is
// known to be at least 2. The independent attacker (test/attacker.ts) checks the outcome.
import { attack, type Equation, loadAttacker } from '../../test/attacker.js';
import type { SumItem } from './lp-audit.js';
import { type CubeModel, protect } from './protect.js';

beforeAll(loadAttacker);

const K = 5;
const P = Math.ceil(K / 2);

/**
 * Leaves x0..x3 (true 3, 2, 5, 0). Items: x0 = 3 and x1 = 2 (both below k: withheld), x1 + x2 = 7
 * and x2 + x3 = 5 (published). With both published, x2 ≤ 5 gives x1 ≥ 2: the lower side of x1 is
 * not protected. x0 is in no published equation, so its maximisation is unbounded — and it is
 * audited first.
 */
const planted = (): CubeModel => ({
  leafCount: 4,
  items: [
    { leaves: [0], value: 3 },
    { leaves: [1], value: 2 },
    { leaves: [1, 2], value: 7 },
    { leaves: [2, 3], value: 5 },
  ],
  isMargin: [false, false, false, false],
  relations: [],
});

const attackerView = (items: SumItem[], hidden: boolean[]): Equation[] =>
  items.filter((_, i) => !hidden[i]).map((it) => ({ lhs: it.leaves.map((l) => `x${l}`), rhs: it.value }));

it('an unbounded maximisation is no point: the other withheld counts are still audited on both sides', async () => {
  const model = planted();
  const hidden = await protect(model, K);
  expect(hidden.slice(0, 2)).toEqual([true, true]);
  const eqs = attackerView(model.items, hidden);
  for (const t of [0, 1]) {
    const item = model.items[t]!;
    const range = attack(eqs, item.leaves.map((l) => `x${l}`));
    expect(range.low).toBeLessThanOrEqual(Math.max(0, item.value - P) + 1e-6);
    expect(range.high).toBeGreaterThanOrEqual(item.value + P - 1e-6);
  }
});

it('control: with primary suppression only, the attacker narrows the withheld 2 to at least 2', () => {
  const model = planted();
  const primaryOnly = model.items.map((it) => it.value > 0 && it.value < K);
  const range = attack(attackerView(model.items, primaryOnly), ['x1']);
  expect(range.low).toBeCloseTo(2, 6);
});
