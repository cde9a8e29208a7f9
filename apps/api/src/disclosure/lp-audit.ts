/**
 * Linear-programming audit of a set of published sums, as tau-ARGUS's audit does: for every value
 * withheld, the smallest and largest value it can take given everything published (each published
 * item fixes a sum of non-negative leaf counts).
 *
 * One HiGHS model per system, kept between its solves: the equations are passed once as a sparse
 * matrix, a question only changes the objective, withholding an item only frees its row, and the
 * simplex starts from the basis of the solve before. (Until version 6 every solve wrote the whole
 * system as LP text for HiGHS to parse, presolve and solve from scratch.)
 */
import highsModule, { type Highs, type Model } from 'highs';

// The package's types describe its CommonJS entry; at run time the ESM default export is the loader.
const highsLoader = highsModule as unknown as () => Promise<Highs>;

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

export interface Extreme {
  value: number;
  point: Map<number, number> | null;
  duals: Map<number, number>;
}

let runtime: Promise<Highs> | null = null;
const highs = () => (runtime ??= highsLoader());

/** Bytes of the solver's WebAssembly memory (it grows, it never shrinks): what a model not disposed would leak. */
export async function solverMemoryBytes(): Promise<number> {
  return (await highs()).memoryBytes;
}

/** Names of HiGHS's model statuses, for the error of a solve that did not end at an optimum. */
const statusName = (h: Highs, code: number) => Object.entries(h.constants.modelStatus).find(([, c]) => c === code)?.[0] ?? `status ${code}`;

/**
 * What is published, as a system of equations on non-negative leaves: one row per published item
 * (`withhold` frees it) and one per link. Call `dispose` when done: the model lives in HiGHS's
 * WebAssembly memory, which garbage collection does not free.
 */
export class LinearSystem {
  /** Model column of each leaf in some equation. */
  private readonly column = new Map<number, number>();
  private readonly leafOf: number[] = [];
  private model: Model | null = null;
  private building: Promise<Model> | null = null;
  /** Objective coefficients of the current question. */
  private cost: Float64Array = new Float64Array(0);
  /** Rows of published items currently freed, and those to change before the next solve. */
  private readonly freed: boolean[];
  private readonly pending = new Map<number, boolean>();
  private disposed = false;

  constructor(
    private readonly published: SumItem[],
    private readonly links: Link[] = [],
  ) {
    const add = (leaf: number) => {
      if (this.column.has(leaf)) return;
      this.column.set(leaf, this.leafOf.length);
      this.leafOf.push(leaf);
    };
    for (const p of published) p.leaves.forEach(add);
    for (const l of links) for (const [leaf] of l.terms) add(leaf);
    this.freed = published.map(() => false);
  }

  /** Withholds (true) or publishes again (false) the published item `i`: its equation no longer holds, or holds again. */
  withhold(i: number, withheld: boolean): void {
    if (this.freed[i] === withheld) this.pending.delete(i);
    else this.pending.set(i, withheld);
  }

  /** Frees the model's memory; the system cannot solve afterwards. */
  dispose(): void {
    this.disposed = true;
    this.model?.dispose();
    this.model = null;
  }

  private async ready(): Promise<{ h: Highs; model: Model }> {
    const h = await highs();
    if (this.disposed) throw new Error('LP audit: the system was disposed');
    this.model ??= await (this.building ??= Promise.resolve(this.build(h)));
    return { h, model: this.model };
  }

  private build(h: Highs): Model {
    const n = this.leafOf.length;
    const rows = this.published.length + this.links.length;
    // The matrix by rows (CSR); a leaf repeated in one row adds its coefficients.
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const lower: number[] = [];
    const upper: number[] = [];
    const addRow = (terms: Iterable<[number, number]>, value: number) => {
      const merged = new Map<number, number>();
      for (const [leaf, c] of terms) {
        const col = this.column.get(leaf)!;
        merged.set(col, (merged.get(col) ?? 0) + c);
      }
      for (const [col, c] of [...merged].sort((a, b) => a[0] - b[0])) {
        indices.push(col);
        values.push(c);
      }
      starts.push(indices.length);
      lower.push(value);
      upper.push(value);
    };
    for (const p of this.published) addRow(p.leaves.map((l) => [l, 1] as [number, number]), p.value);
    for (const l of this.links) addRow(l.terms, l.value);
    this.cost = new Float64Array(n);
    const model = h.createModel({
      numCols: n,
      numRows: rows,
      colCost: this.cost,
      colLower: new Float64Array(n),
      colUpper: new Float64Array(n).fill(h.infinity),
      rowLower: lower,
      rowUpper: upper,
      matrix: { format: 'csr', numRows: rows, numCols: n, starts, indices, values },
    });
    // The primal simplex suits a basis that stays feasible when the objective changes or an
    // equation is freed. HiGHS presolves only while it has no basis (the first solve); later
    // solves start from the basis before. Measured with bench/protect-profile.mjs on 4 L-like
    // zone-quarters (medians, ms; old: LP text every solve): management's tables 238 → 65, flows'
    // windows 332 → 166, researcher's quarter 787 → 692, funnel at both thresholds 645 → 483. The
    // dual simplex doubled the quarter's cost; without presolve the funnel's first solve tripled.
    model.options.set({ output_flag: false, presolve: 'choose', simplex_strategy: 4 });
    return model;
  }

  /**
   * The smallest or largest value of a sum of leaves; with the value of every leaf at that optimum
   * (a feasible point) and, per published item with a non-zero value, the dual value of its
   * equation (non-zero: the item binds the optimum, so withholding it may move it). An unbounded
   * sum has no optimum and so no point (null): nothing may be read from it about other sums —
   * reading missing leaves as 0 once counted the lower side of every target as reached. An
   * infeasible or failed solve throws: it never counts as protection.
   */
  async extreme(sense: 'Minimize' | 'Maximize', target: number[]): Promise<Extreme> {
    const { h, model } = await this.ready();
    for (const [i, withheld] of this.pending) {
      const v = this.published[i]!.value;
      model.changeRowBounds(i, withheld ? -h.infinity : v, withheld ? h.infinity : v);
      this.freed[i] = withheld;
    }
    this.pending.clear();
    // A leaf in no equation is bounded by nothing but 0: it adds 0 to a minimum, and makes a
    // maximum unbounded (once the system is known to be consistent).
    const outside: number[] = [];
    this.cost.fill(0);
    for (const leaf of target) {
      const col = this.column.get(leaf);
      if (col === undefined) outside.push(leaf);
      else this.cost[col] = (this.cost[col] ?? 0) + 1;
    }
    const n = this.leafOf.length;
    if (n > 0) {
      model.changeColsCost({ kind: 'range', from: 0, to: n - 1 }, this.cost);
      model.changeObjectiveSense(sense === 'Minimize' ? h.constants.objectiveSense.minimize : h.constants.objectiveSense.maximize);
    }
    const status = n > 0 || this.published.length + this.links.length > 0 ? model.run().modelStatus : h.constants.modelStatus.optimal;
    const { modelStatus } = h.constants;
    if (status === modelStatus.unbounded) {
      if (sense === 'Minimize') throw new Error('LP audit: a sum of non-negative counts cannot be unbounded below');
      return { value: Number.POSITIVE_INFINITY, point: null, duals: new Map() };
    }
    if (status !== modelStatus.optimal && !(status === modelStatus.empty && n === 0)) throw new Error(`LP audit: ${statusName(h, status)}`);
    if (outside.length && sense === 'Maximize') return { value: Number.POSITIVE_INFINITY, point: null, duals: new Map() };
    const solution = n > 0 ? model.getSolution() : null;
    const point = new Map<number, number>();
    this.leafOf.forEach((leaf, col) => point.set(leaf, solution!.colValue[col]!));
    for (const leaf of outside) point.set(leaf, 0);
    const duals = new Map<number, number>();
    this.published.forEach((p, i) => {
      const dual = solution?.rowDual[i] ?? 0;
      if (p.value !== 0 && !this.freed[i] && Math.abs(dual) > 1e-9) duals.set(i, dual);
    });
    return { value: n > 0 ? model.getObjectiveValue() : 0, point, duals };
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
  try {
    const out: Interval[] = [];
    for (const t of targets) out.push({ low: (await system.extreme('Minimize', t.leaves)).value, high: (await system.extreme('Maximize', t.leaves)).value });
    // The solver blocks: let requests waiting on the event loop go first between audits.
    await new Promise((resolve) => setImmediate(resolve));
    return out;
  } finally {
    system.dispose();
  }
}
