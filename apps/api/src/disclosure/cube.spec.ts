// Attacker tests for disclosure control on random zones: an attacker who knows every number a
// researcher can fetch for a zone and quarter (both classification tables with all their totals)
// solves by linear programming for the range of every withheld count (test/attacker.ts). Each
// must stay undecidable: its interval must reach max(0, v − ⌈k/2⌉) below and v + ⌈k/2⌉ above.
import { BELGIUM_POLICE, isSuppressed } from '@equity/shared';
import { attack, breaches, categories, equations, genders, loadAttacker, origins, type PublishedTables, withheldCounts } from '../../test/attacker.js';
import { type LeafCount, protectTables, type ProtectedTables } from './cube.js';

beforeAll(loadAttacker);

/** Seeded PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random zone: many empty and small cells, a few large ones. */
function randomLeaves(seed: number): LeafCount[] {
  const r = prng(seed);
  const leaves: LeafCount[] = [];
  for (const category of categories) for (const gender of genders) for (const origin of origins) {
    const u = r();
    const count = u < 0.45 ? 0 : u < 0.75 ? 1 + Math.floor(r() * 4) : u < 0.9 ? 5 + Math.floor(r() * 20) : 25 + Math.floor(r() * 200);
    if (count > 0) leaves.push({ category, classes: { gender, origin }, count });
  }
  return leaves;
}

const asPublished = (p: ProtectedTables): PublishedTables => ({
  total: p.total,
  categoryTotals: p.categoryTotals,
  gender: p.byDimension.get('gender')!,
  origin: p.byDimension.get('origin')!,
});

describe.each([5, 10])('joint protection of the gender and origin tables, k = %i', (k) => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random zone %i: nothing from 1 to k − 1 is published, and no withheld count can be narrowed below its protection interval', async (seed) => {
    const truth = randomLeaves(seed * 7919 + k);
    const tables = await protectTables(BELGIUM_POLICE, truth, k);
    const published: number[] = [];
    for (const t of tables.byDimension.values()) published.push(...[...t.cells.values(), ...t.valueTotals.values()].filter((c): c is number => !isSuppressed(c)));
    published.push(...[...tables.categoryTotals.values()].filter((c): c is number => !isSuppressed(c)));
    expect(published.filter((n) => n > 0 && n < k)).toEqual([]);
    expect(withheldCounts(asPublished(tables), truth).length).toBeGreaterThan(0);
    expect(breaches(asPublished(tables), truth, k)).toEqual([]);
  });
});

it('control: with primary suppression alone the same attacker recovers small counts exactly', async () => {
  const truth = randomLeaves(42);
  const full = await protectTables(BELGIUM_POLICE, truth, 1);
  const origin = full.byDimension.get('origin')!;
  const primaryOnly: PublishedTables = {
    ...asPublished(full),
    origin: { cells: new Map([...origin.cells].map(([key, c]) => [key, typeof c === 'number' && c > 0 && c < 5 ? { suppressed: true as const } : c])), valueTotals: origin.valueTotals },
  };
  const eqs = equations(primaryOnly);
  const exposed = withheldCounts(primaryOnly, truth).filter((h) => {
    const iv = attack(eqs, h.target);
    return iv.high - iv.low < 1e-6;
  });
  expect(exposed.length).toBeGreaterThan(0);
});

