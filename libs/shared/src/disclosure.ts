import type { Count } from './contracts.js';

export interface ProtectedTable {
  cells: Count[][];
  rowTotals: Count[];
  columnTotals: Count[];
  total: Count;
}

const SUPPRESSED = { suppressed: true } as const;

/**
 * Disclosure control for a two-way table with margins, for callers who may not see small counts.
 *
 * Primary suppression: every count from 1 to k − 1 (cells and totals). Zero is not sensitive.
 * Complementary suppression: every line of the table-with-margins (a row with its row total, a
 * column with its column total, the total row with the grand total) that holds exactly one
 * suppressed value gets a second one — the smallest non-zero visible value of that line, a total
 * only when nothing else is left — repeated until no line holds a single suppressed value, so no
 * suppressed value equals a published total minus published cells.
 *
 * This is the foundation's rule for one table at a time; protection across tables and quarters
 * is a separate concern.
 */
export function protectTable(matrix: number[][], k: number): ProtectedTable {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  // Augmented (rows+1) × (cols+1) grid: last column row totals, last row column totals.
  const grid: number[][] = [];
  for (let i = 0; i <= rows; i++) {
    grid.push([]);
    for (let j = 0; j <= cols; j++) {
      if (i < rows && j < cols) grid[i]!.push(matrix[i]![j]!);
      else if (i < rows) grid[i]!.push(matrix[i]!.reduce((s, v) => s + v, 0));
      else if (j < cols) grid[i]!.push(matrix.reduce((s, r) => s + r[j]!, 0));
      else grid[i]!.push(matrix.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0));
    }
  }
  const hidden = grid.map((r) => r.map((v) => v > 0 && v < k));
  if (k > 1) {
    const lines: [number, number][][] = [];
    for (let i = 0; i <= rows; i++) lines.push(Array.from({ length: cols + 1 }, (_, j) => [i, j] as [number, number]));
    for (let j = 0; j <= cols; j++) lines.push(Array.from({ length: rows + 1 }, (_, i) => [i, j] as [number, number]));
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        const suppressedCount = line.filter(([i, j]) => hidden[i]![j]).length;
        if (suppressedCount !== 1) continue;
        const candidates = line
          .filter(([i, j]) => !hidden[i]![j])
          .map(([i, j]) => ({ i, j, v: grid[i]![j]!, margin: i === rows || j === cols }))
          .sort((a, b) => Number(a.margin) - Number(b.margin) || Number(a.v === 0) - Number(b.v === 0) || a.v - b.v);
        const pick = candidates[0];
        if (!pick) continue;
        hidden[pick.i]![pick.j] = true;
        changed = true;
      }
    }
  }
  const out = (i: number, j: number): Count => (hidden[i]![j] ? { ...SUPPRESSED } : grid[i]![j]!);
  return {
    cells: matrix.map((r, i) => r.map((_, j) => out(i, j))),
    rowTotals: matrix.map((_, i) => out(i, cols)),
    columnTotals: Array.from({ length: cols }, (_, j) => out(rows, j)),
    total: out(rows, cols),
  };
}

/** Primary suppression of a single published count. */
export function protectCount(value: number, k: number): Count {
  return value > 0 && value < k ? { ...SUPPRESSED } : value;
}
