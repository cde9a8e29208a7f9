/**
 * Linear-programming audit of a set of published sums, as tau-ARGUS's audit does: for every value
 * withheld, the smallest and largest value it can take given everything published (each published
 * item fixes a sum of non-negative leaf counts).
 */
import highsModule from 'highs';

/** The slice of the HiGHS API used here (its ESM entry's default export is the loader). */
interface HighsSolver {
  solve(problem: string): { Status: string; ObjectiveValue: number };
}
// The package's types describe its CommonJS entry; at run time the ESM default export is the loader.
const highsLoader = highsModule as unknown as () => Promise<HighsSolver>;

/** A published or withheld figure: the sum of some leaf counts (a cell is a sum of one leaf). */
export interface SumItem {
  leaves: number[];
  value: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** A linear equation Σ coefficient × leaf = 0 (e.g. the stock-flow identity of one cell). */
export interface Link {
  terms: [leaf: number, coefficient: number][];
}

let solver: Promise<HighsSolver> | null = null;
const highs = () => (solver ??= highsLoader());

const name = (leaf: number) => `x${leaf}`;

function lpText(sense: 'Minimize' | 'Maximize', target: number[], published: SumItem[], leafCount: number, links: Link[]): string {
  const lines = [sense, ` obj: ${target.map(name).join(' + ') || '0 x0'}`, 'Subject To'];
  published.forEach((item, i) => {
    if (item.leaves.length) lines.push(` c${i}: ${item.leaves.map(name).join(' + ')} = ${item.value}`);
  });
  links.forEach((link, i) => {
    if (link.terms.length) lines.push(` l${i}: ${link.terms.map(([leaf, c], j) => `${c < 0 ? '-' : j ? '+' : ''} ${Math.abs(c)} ${name(leaf)}`).join(' ')} = 0`);
  });
  lines.push('Bounds');
  const used = new Set<number>([...target, ...published.flatMap((p) => p.leaves), ...links.flatMap((l) => l.terms.map(([leaf]) => leaf))]);
  for (let leaf = 0; leaf < leafCount; leaf++) if (used.has(leaf)) lines.push(` ${name(leaf)} >= 0`);
  lines.push('End');
  return lines.join('\n');
}

/**
 * The feasible interval of each target sum given the published sums, with leaves as non-negative
 * reals: the LP relaxation, as in tau-ARGUS's audit. (For two-way tables with margins the bounds
 * are whole numbers anyway; an attacker who also uses integrality may narrow other tables slightly.)
 * An inconsistent system throws.
 */
export async function feasibleIntervals(targets: SumItem[], published: SumItem[], leafCount: number, links: Link[] = []): Promise<Interval[]> {
  const h = await highs();
  // Leaves under a published zero are zero: drop them (and the constraints they empty) to keep the LPs small.
  const zero = new Set<number>();
  for (const p of published) if (p.value === 0) for (const l of p.leaves) zero.add(l);
  const keep = (leaves: number[]) => leaves.filter((l) => !zero.has(l));
  published = published.filter((p) => p.value !== 0).map((p) => ({ leaves: keep(p.leaves), value: p.value }));
  targets = targets.map((t) => ({ leaves: keep(t.leaves), value: t.value }));
  links = links.map((l) => ({ terms: l.terms.filter(([leaf]) => !zero.has(leaf)) })).filter((l) => l.terms.length > 0);
  const solve = (sense: 'Minimize' | 'Maximize', target: number[]): number => {
    if (target.length === 0) return 0;
    const result = h.solve(lpText(sense, target, published, leafCount, links));
    if (result.Status === 'Unbounded') return Number.POSITIVE_INFINITY;
    if (result.Status !== 'Optimal') throw new Error(`LP audit: ${result.Status}`);
    return result.ObjectiveValue;
  };
  const out = targets.map((t) => ({ low: solve('Minimize', t.leaves), high: solve('Maximize', t.leaves) }));
  // The solver blocks: let requests waiting on the event loop go first between audits.
  await new Promise((resolve) => setImmediate(resolve));
  return out;
}
