/**
 * The published tables of one zone, quarter and measure, as one model for disclosure control:
 * for every classification, staff category × value with the category totals, value totals and the
 * grand total. The tables share their category totals and grand total, so they are protected
 * together: a value withheld in one cannot be recovered from another.
 */
import type { ClassificationProfile, Count, DimensionDef } from '@equity/shared';
import type { SumItem } from './lp-audit.js';
import { type CubeModel, protect, type Relation } from './protect.js';

export interface LeafCount {
  category: string;
  /** Values of the profile's required classifications. */
  classes: Record<string, string>;
  count: number;
}

export interface ProtectedTables {
  /** For each classification: counts of category × value, category totals, value totals, total. */
  byDimension: Map<string, { cells: Map<string, Count>; valueTotals: Map<string, Count> }>;
  categoryTotals: Map<string, Count>;
  total: Count;
}

const SUPPRESSED = { suppressed: true } as const;

export async function protectTables(profile: ClassificationProfile, leaves: LeafCount[], k: number): Promise<ProtectedTables> {
  const dims: DimensionDef[] = profile.dimensions.filter((d) => !d.optional);
  const categories = profile.categories.map((c) => c.code);
  // Leaves: every category × combination of required values.
  const combos: Record<string, string>[] = dims.reduce<Record<string, string>[]>(
    (acc, d) => acc.flatMap((c) => d.values.map((v) => ({ ...c, [d.code]: v.code }))),
    [{}],
  );
  const leafIndex = new Map<string, number>();
  const leafValues: number[] = [];
  const keyOf = (category: string, classes: Record<string, string>) => `${category}|${dims.map((d) => classes[d.code]).join('|')}`;
  for (const c of categories) for (const combo of combos) {
    leafIndex.set(keyOf(c, combo), leafValues.length);
    leafValues.push(0);
  }
  for (const l of leaves) {
    const classes = Object.fromEntries(dims.map((d) => [d.code, l.classes[d.code] ?? d.values.find((v) => v.notDeclared)!.code]));
    const i = leafIndex.get(keyOf(l.category, classes));
    if (i !== undefined) leafValues[i]! += l.count;
  }
  const allLeaves = leafValues.map((_, i) => i);
  const leavesWhere = (pred: (category: string, combo: Record<string, string>) => boolean) =>
    categories.flatMap((c) => combos.filter((combo) => pred(c, combo)).map((combo) => leafIndex.get(keyOf(c, combo))!));

  const items: SumItem[] = [];
  const isMargin: boolean[] = [];
  const add = (leavesOf: number[], margin: boolean) => {
    items.push({ leaves: leavesOf, value: leavesOf.reduce((s, i) => s + leafValues[i]!, 0) });
    isMargin.push(margin);
    return items.length - 1;
  };
  const total = add(allLeaves, true);
  const catTotal = new Map(categories.map((c) => [c, add(leavesWhere((cc) => cc === c), true)]));
  const relations: Relation[] = [{ total, parts: [...catTotal.values()] }];
  const cellIdx = new Map<string, Map<string, number>>();
  const valueIdx = new Map<string, Map<string, number>>();
  for (const d of dims) {
    const cells = new Map<string, number>();
    const values = new Map<string, number>();
    for (const v of d.values) values.set(v.code, add(leavesWhere((_, combo) => combo[d.code] === v.code), true));
    for (const c of categories) for (const v of d.values) cells.set(`${c}|${v.code}`, add(leavesWhere((cc, combo) => cc === c && combo[d.code] === v.code), false));
    relations.push({ total, parts: [...values.values()] });
    for (const c of categories) relations.push({ total: catTotal.get(c)!, parts: d.values.map((v) => cells.get(`${c}|${v.code}`)!) });
    for (const v of d.values) relations.push({ total: values.get(v.code)!, parts: categories.map((c) => cells.get(`${c}|${v.code}`)!) });
    cellIdx.set(d.code, cells);
    valueIdx.set(d.code, values);
  }
  const model: CubeModel = { leafCount: leafValues.length, items, isMargin, relations };
  const hidden = await protect(model, k);
  const out = (i: number): Count => (hidden[i] ? { ...SUPPRESSED } : items[i]!.value);
  return {
    byDimension: new Map(
      dims.map((d) => [
        d.code,
        {
          cells: new Map([...cellIdx.get(d.code)!].map(([key, i]) => [key, out(i)])),
          valueTotals: new Map([...valueIdx.get(d.code)!].map(([key, i]) => [key, out(i)])),
        },
      ]),
    ),
    categoryTotals: new Map([...catTotal].map(([c, i]) => [c, out(i)])),
    total: out(total),
  };
}
