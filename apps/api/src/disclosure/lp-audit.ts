/**
 * Linear-programming audit of a set of published sums, as tau-ARGUS's audit does: for every value
 * withheld, the smallest and largest value it can take given everything published (each published
 * item fixes a sum of non-negative leaf counts).
 */
import highsModule from 'highs';

interface HighsResult {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
  Rows: { Name: string; Dual: number }[];
}
/** The slice of the HiGHS API used here (its ESM entry's default export is the loader). */
interface HighsSolver {
  solve(problem: string): HighsResult;
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

/** A linear equation Σ coefficient × leaf = value (e.g. the stock-flow identity of one cell). */
export interface Link {
  terms: [leaf: number, coefficient: number][];
  value: number;
}

let solver: Promise<HighsSolver> | null = null;
const highs = () => (solver ??= highsLoader());

const name = (leaf: number) => `x${leaf}`;

/** What is published, as a system of equations on the leaves (leaves under a published zero removed). */
export class LinearSystem {
  /** Leaves fixed at zero by a published zero. */
  private readonly zero = new Set<number>();
  /** The constraint lines, and which published item each comes from (null: a link). */
  private readonly rows: { text: string; item: number | null }[] = [];

  constructor(published: SumItem[], links: Link[] = []) {
    published.forEach((p) => {
      if (p.value === 0) for (const l of p.leaves) this.zero.add(l);
    });
    const used = new Set<number>();
    published.forEach((p, i) => {
      if (p.value === 0) return;
      const leaves = this.keep(p.leaves);
      leaves.forEach((l) => used.add(l));
      if (leaves.length) this.rows.push({ text: `${leaves.map(name).join(' + ')} = ${p.value}`, item: i });
      // A positive sum of leaves that are all zero: inconsistent, left to the solver to report.
      else this.rows.push({ text: `0 x0 = ${p.value}`, item: i });
    });
    for (const link of links) {
      const terms = link.terms.filter(([leaf]) => !this.zero.has(leaf));
      if (!terms.length) continue;
      terms.forEach(([l]) => used.add(l));
      this.rows.push({ text: `${terms.map(([leaf, c], j) => `${c < 0 ? '-' : j ? '+' : ''} ${Math.abs(c)} ${name(leaf)}`).join(' ')} = ${link.value}`, item: null });
    }
    this.used = used;
  }

  private readonly used: Set<number>;

  keep(leaves: number[]): number[] {
    return leaves.filter((l) => !this.zero.has(l));
  }

  /**
   * The smallest or largest value of a sum of leaves; with the value of every leaf at that optimum
   * (a feasible point) and, per published item, the dual value of its equation (non-zero: the item
   * binds the optimum, so withholding it may move it). An unbounded sum has no optimum and so no
   * point (null): nothing may be read from it about other sums — reading missing leaves as 0 once
   * counted the lower side of every target as reached. An infeasible or failed solve throws: it
   * never counts as protection.
   */
  async extreme(sense: 'Minimize' | 'Maximize', target: number[]): Promise<{ value: number; point: Map<number, number> | null; duals: Map<number, number> }> {
    const leaves = this.keep(target);
    // Every leaf fixed at zero by a published zero: the sum is 0, with no point of the other leaves.
    if (leaves.length === 0) return { value: 0, point: null, duals: new Map() };
    const used = new Set([...this.used, ...leaves]);
    const lines = [sense, ` obj: ${leaves.map(name).join(' + ')}`, 'Subject To', ...this.rows.map((r, i) => ` c${i}: ${r.text}`), 'Bounds'];
    for (const l of used) lines.push(` ${name(l)} >= 0`);
    lines.push('End');
    const result = (await highs()).solve(lines.join('\n'));
    if (result.Status === 'Unbounded') {
      if (sense === 'Minimize') throw new Error('LP audit: a sum of non-negative counts cannot be unbounded below');
      return { value: Number.POSITIVE_INFINITY, point: null, duals: new Map() };
    }
    if (result.Status !== 'Optimal') throw new Error(`LP audit: ${result.Status}`);
    const point = new Map<number, number>();
    for (const [key, column] of Object.entries(result.Columns)) point.set(Number(key.slice(1)), column.Primal);
    const duals = new Map<number, number>();
    result.Rows.forEach((row, i) => {
      const item = this.rows[i]?.item;
      if (item !== null && item !== undefined && Math.abs(row.Dual) > 1e-9) duals.set(item, row.Dual);
    });
    return { value: result.ObjectiveValue, point, duals };
  }
}

/**
 * The feasible interval of each target sum given the published sums, with leaves as non-negative
 * reals: the LP relaxation, as in tau-ARGUS's audit. (For two-way tables with margins the bounds
 * are whole numbers anyway; an attacker who also uses integrality may narrow other tables slightly.)
 * An inconsistent system throws.
 */
export async function feasibleIntervals(targets: SumItem[], published: SumItem[], links: Link[] = []): Promise<Interval[]> {
  const system = new LinearSystem(published, links);
  const out: Interval[] = [];
  for (const t of targets) out.push({ low: (await system.extreme('Minimize', t.leaves)).value, high: (await system.extreme('Maximize', t.leaves)).value });
  // The solver blocks: let requests waiting on the event loop go first between audits.
  await new Promise((resolve) => setImmediate(resolve));
  return out;
}
