import type { CellDto, Count } from '@equity/shared';

/** A cell whose count differs between two revisions: `before` in the earlier, `count` in the later. */
export type ChangedCell = Omit<CellDto, 'count'> & { count: Count; before: number };

const keyOf = (c: Pick<CellDto, 'measure' | 'detail' | 'category' | 'classes'>) =>
  `${c.measure}|${c.detail}|${c.category}|${Object.keys(c.classes)
    .sort()
    .map((k) => `${k}=${c.classes[k]}`)
    .join(',')}`;

const countOf = (c: CellDto) => (typeof c.count === 'number' ? c.count : 0);

/**
 * The cells whose count differs between an earlier and a later revision. A cell missing from a
 * revision counts 0 there (a return stores zeros or leaves them out: "230 cells" and "99 cells" can
 * hold the same counts), so only real changes are listed.
 */
export function changedCells(earlier: CellDto[], later: CellDto[]): ChangedCell[] {
  const before = new Map<string, CellDto>();
  for (const c of earlier) before.set(keyOf(c), c);
  const after = new Map<string, CellDto>();
  for (const c of later) after.set(keyOf(c), c);
  const out: ChangedCell[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const was = b ? countOf(b) : 0;
    const now = a ? countOf(a) : 0;
    if (was !== now) out.push({ ...(a ?? b)!, before: was, count: now });
  }
  return out;
}
