import { type Count, isSuppressed } from './contracts.js';
import { type ProtectedTable, protectCount, protectTable } from './disclosure.js';

const S = { suppressed: true };

/** Deterministic PRNG (mulberry32), so the random tables are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random rows × cols table with many zeros and small counts. */
function randomTable(rnd: () => number): number[][] {
  const rows = 3 + Math.floor(rnd() * 4);
  const cols = 3 + Math.floor(rnd() * 4);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      const x = rnd();
      if (x < 0.2) return 0;
      if (x < 0.6) return 1 + Math.floor(rnd() * 9);
      return 10 + Math.floor(rnd() * 60);
    }),
  );
}

/** The published table with its margins as one (rows+1) × (cols+1) grid. */
function augmented(p: ProtectedTable): Count[][] {
  return [...p.cells.map((r, i) => [...r, p.rowTotals[i] as Count]), [...p.columnTotals, p.total]];
}

/** The true table with its margins. */
function trueGrid(m: number[][]): number[][] {
  const rowsWithTotal = m.map((r) => [...r, r.reduce((s, v) => s + v, 0)]);
  const colTotals = (m[0] ?? []).map((_, j) => m.reduce((s, r) => s + (r[j] as number), 0));
  return [...rowsWithTotal, [...colTotals, colTotals.reduce((s, v) => s + v, 0)]];
}

/** Every line of the grid (each row and each column, margins included) as a list of [i, j]. */
function lines(rows: number, cols: number): [number, number][][] {
  const out: [number, number][][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from({ length: cols }, (_, j) => [i, j] as [number, number]));
  for (let j = 0; j < cols; j++) out.push(Array.from({ length: rows }, (_, i) => [i, j] as [number, number]));
  return out;
}

/**
 * The subtraction attack: in any line whose cells but one are published, the missing one is the
 * published total minus the published cells (or, when the missing one is the total, their sum).
 * Returns the values recovered this way, each with its position.
 */
function subtractionAttack(grid: Count[][]): { i: number; j: number; value: number }[] {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const found: { i: number; j: number; value: number }[] = [];
  for (const line of lines(rows, cols)) {
    const hidden = line.filter(([i, j]) => isSuppressed(grid[i]![j]));
    if (hidden.length !== 1) continue;
    const [hi, hj] = hidden[0]!;
    const margin = line[line.length - 1]!;
    const inner = line.slice(0, -1);
    const publishedInner = inner.filter(([i, j]) => !(i === hi && j === hj)).reduce((s, [i, j]) => s + (grid[i]![j] as number), 0);
    const isMargin = hi === margin[0] && hj === margin[1];
    const value = isMargin ? publishedInner : (grid[margin[0]]![margin[1]] as number) - publishedInner;
    found.push({ i: hi, j: hj, value });
  }
  return found;
}

describe('protectCount', () => {
  it('suppresses 1 … k−1 and publishes 0 and k and above', () => {
    expect(protectCount(0, 10)).toBe(0);
    expect(protectCount(1, 10)).toEqual(S);
    expect(protectCount(9, 10)).toEqual(S);
    expect(protectCount(10, 10)).toBe(10);
    expect(protectCount(250, 10)).toBe(250);
    expect(protectCount(2, 3)).toEqual(S);
    expect(protectCount(3, 3)).toBe(3);
  });

  it('marks a suppressed value as such, not as a number', () => {
    const v = protectCount(4, 5);
    expect(isSuppressed(v)).toBe(true);
    expect(typeof v).toBe('object');
  });

  it('suppresses nothing with k = 1', () => {
    expect(protectCount(1, 1)).toBe(1);
    expect(protectCount(0, 1)).toBe(0);
  });
});

describe('protectTable', () => {
  it('publishes everything, margins included, when no count is below k', () => {
    expect(protectTable([[0, 12], [15, 20]], 10)).toEqual({ cells: [[0, 12], [15, 20]], rowTotals: [12, 35], columnTotals: [15, 32], total: 47 });
  });

  it('does not treat zero as sensitive', () => {
    const p = protectTable([[0, 0, 30], [0, 25, 40]], 10);
    expect(p.cells).toEqual([[0, 0, 30], [0, 25, 40]]);
    expect(p.columnTotals).toEqual([0, 25, 70]);
  });

  it('suppresses nothing with k = 1', () => {
    expect(protectTable([[1, 2], [0, 3]], 1)).toEqual({ cells: [[1, 2], [0, 3]], rowTotals: [3, 3], columnTotals: [1, 5], total: 6 });
  });

  it('adds the smallest non-zero cell of each line as complement (hand-computed 3 × 3)', () => {
    // Totals: rows 37, 67, 93; columns 32, 85, 80; grand 197. Only 2 is primary (k = 5).
    // Row 0 → 15; column 0 → 12 (< 18); column 1 → 30 (< 40); then every line holds two.
    const p = protectTable(
      [
        [2, 15, 20],
        [12, 30, 25],
        [18, 40, 35],
      ],
      5,
    );
    expect(p).toEqual({
      cells: [
        [S, S, 20],
        [S, S, 25],
        [18, 40, 35],
      ],
      rowTotals: [37, 67, 93],
      columnTotals: [32, 85, 80],
      total: 197,
    });
  });

  it('suppresses a whole 2 × 2 block when a single cell is small', () => {
    expect(protectTable([[20, 3], [30, 40]], 5)).toEqual({ cells: [[S, S], [S, S]], rowTotals: [23, 70], columnTotals: [50, 43], total: 93 });
  });

  it('suppresses small margins too, and leaves zeros visible', () => {
    expect(protectTable([[1, 0], [0, 0]], 3)).toEqual({ cells: [[S, 0], [0, 0]], rowTotals: [S, 0], columnTotals: [S, 0], total: S });
  });

  it('takes a total as complement only when no cell is left in the line', () => {
    // One row: each column total equals its cell, so the column totals must follow the cells.
    expect(protectTable([[3, 12]], 5)).toEqual({ cells: [[S, S]], rowTotals: [15], columnTotals: [S, S], total: 15 });
    expect(protectTable([[4, 6], [0, 0]], 5)).toEqual({ cells: [[S, S], [0, 0]], rowTotals: [10, 0], columnTotals: [S, S], total: 10 });
  });

  it('prefers a non-zero complement over a zero one', () => {
    const p = protectTable([[3, 0, 20], [11, 12, 13]], 5);
    // Row 0 needs a second value: 20, not the 0.
    expect(p.cells[0]).toEqual([S, 0, S]);
  });

  it('handles an empty table', () => {
    expect(protectTable([], 10)).toEqual({ cells: [], rowTotals: [], columnTotals: [], total: 0 });
  });

  describe('on 200 random small tables', () => {
    const rnd = mulberry32(20250930);
    const cases = Array.from({ length: 200 }, () => {
      const matrix = randomTable(rnd);
      const k = [3, 5, 10][Math.floor(rnd() * 3)] as number;
      return { matrix, k, published: augmented(protectTable(matrix, k)), truth: trueGrid(matrix) };
    });

    it('exercises suppression on most tables', () => {
      expect(cases.filter((c) => c.published.flat().some(isSuppressed)).length).toBeGreaterThan(150);
    });

    it('suppresses every value from 1 to k−1 (cells and margins) and never alters a published value', () => {
      for (const { k, published, truth } of cases) {
        truth.forEach((row, i) =>
          row.forEach((v, j) => {
            const out = published[i]![j]!;
            if (v > 0 && v < k) expect(out).toEqual(S);
            if (!isSuppressed(out)) expect(out).toBe(v);
          }),
        );
      }
    });

    it('leaves no row, column or margin line with exactly one suppressed value', () => {
      for (const { published } of cases) {
        for (const line of lines(published.length, published[0]!.length)) {
          expect(line.filter(([i, j]) => isSuppressed(published[i]![j])).length).not.toBe(1);
        }
      }
    });

    it('lets no suppressed value be computed as a published total minus the published cells of its line', () => {
      const recovered = cases.flatMap(({ matrix, k, published }) => subtractionAttack(published).map((r) => ({ matrix, k, ...r })));
      expect(recovered).toEqual([]);
    });

    it('(control) the same attack does recover values when only primary suppression is applied', () => {
      let recovered = 0;
      for (const { k, truth } of cases) {
        const primaryOnly: Count[][] = truth.map((row) => row.map((v) => protectCount(v, k)));
        for (const r of subtractionAttack(primaryOnly)) {
          expect(r.value).toBe(truth[r.i]![r.j]);
          recovered++;
        }
      }
      expect(recovered).toBeGreaterThan(50);
    });
  });
});
