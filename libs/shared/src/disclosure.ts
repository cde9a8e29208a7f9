import type { Count } from './contracts.js';

export interface ProtectedTable {
  cells: Count[][];
  rowTotals: Count[];
  columnTotals: Count[];
  total: Count;
}

const SUPPRESSED = { suppressed: true } as const;

// Tables are protected by the audited cube in apps/api/src/disclosure (one protection path); the
// single-table rule that stood here was removed with protection version 3 (docs/privacy.md).

/** Primary suppression of a single published count. */
export function protectCount(value: number, k: number): Count {
  return value > 0 && value < k ? { ...SUPPRESSED } : value;
}
