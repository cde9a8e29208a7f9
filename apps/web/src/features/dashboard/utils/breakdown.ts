import {
  isSuppressed,
  notDeclaredCode,
  type BreakdownDto,
  type BreakdownWindow,
  type ClassificationProfile,
  type Count,
  type DimensionDef,
  type DimensionValueDef,
  type RollupDef,
} from '@equity/shared';
import { categoryLabel } from '../../../lib/profile-utils';

export interface PivotRow {
  category: string;
  label: string;
  /** Count per dimension value; a value missing from the breakdown is 0. */
  counts: Record<string, Count>;
  total: Count;
}

export interface Pivot {
  dimension: DimensionDef;
  values: DimensionValueDef[];
  rows: PivotRow[];
  valueTotals: Record<string, Count>;
  total: Count;
  threshold: number;
  /** Set when every count is a sum over 4 quarters (flows shown to management), not the quarter's own. */
  window: BreakdownWindow | null;
  /** Cells withheld by disclosure control, to be named beside the chart. */
  suppressedCells: { category: string; value: string }[];
  suppressedCount: number;
}

/** Turns the API's long-format cross-tab into rows in the profile's category and value order. */
export function toPivot(profile: ClassificationProfile, dimension: DimensionDef, breakdown: BreakdownDto): Pivot {
  const present = new Set<string>([
    ...breakdown.rows.map((r) => r.category),
    ...breakdown.categoryTotals.map((c) => c.category),
  ]);
  const order = profile.categories.map((c) => c.code).filter((code) => present.has(code));
  for (const code of present) if (!order.includes(code)) order.push(code);

  const known = new Set(dimension.values.map((v) => v.code));
  const extra: DimensionValueDef[] = [...new Set(breakdown.rows.map((r) => r.value))]
    .filter((code) => !known.has(code))
    .map((code) => ({ code, label: { en: code } }));
  const values = [...dimension.values, ...extra];

  const categoryTotals = new Map(breakdown.categoryTotals.map((c) => [c.category, c.count]));
  const suppressedCells: Pivot['suppressedCells'] = [];
  const rows = order.map((category): PivotRow => {
    const counts: Record<string, Count> = {};
    for (const value of values) counts[value.code] = 0;
    for (const r of breakdown.rows) {
      if (r.category !== category) continue;
      counts[r.value] = r.count;
      if (isSuppressed(r.count)) suppressedCells.push({ category, value: r.value });
    }
    return { category, label: categoryLabel(profile, category), counts, total: categoryTotals.get(category) ?? 0 };
  });

  const valueTotals: Record<string, Count> = {};
  for (const value of values) valueTotals[value.code] = 0;
  for (const v of breakdown.valueTotals) valueTotals[v.value] = v.count;

  const suppressedCount =
    suppressedCells.length +
    breakdown.categoryTotals.filter((c) => isSuppressed(c.count)).length +
    breakdown.valueTotals.filter((v) => isSuppressed(v.count)).length +
    (isSuppressed(breakdown.total) ? 1 : 0);

  return { dimension, values, rows, valueTotals, total: breakdown.total, threshold: breakdown.threshold, window: breakdown.window ?? null, suppressedCells, suppressedCount };
}

export type Share =
  | { kind: 'ok'; share: number; part: number; base: number }
  | { kind: 'suppressed' }
  | { kind: 'base-too-small' }
  | { kind: 'empty' };

function share(part: Count, base: Count, threshold: number): Share {
  if (isSuppressed(part) || isSuppressed(base)) return { kind: 'suppressed' };
  if (base === 0) return { kind: 'empty' };
  if (base < threshold) return { kind: 'base-too-small' };
  return { kind: 'ok', share: part / base, part, base };
}

/** Declaration rate = declared ÷ headcount, declared = everyone except "not declared". */
export function declarationRate(pivot: Pivot): Share {
  const notDeclared = pivot.valueTotals[notDeclaredCode(pivot.dimension)] ?? 0;
  if (isSuppressed(pivot.total) || isSuppressed(notDeclared)) return { kind: 'suppressed' };
  return share(pivot.total - notDeclared, pivot.total, pivot.threshold);
}

/** Share of a roll-up (e.g. migration background) among those who declared. */
export function rollupShare(pivot: Pivot, rollup: RollupDef): Share {
  const rate = declarationRate(pivot);
  if (rate.kind !== 'ok') return rate;
  // The roll-up is the sum of its members' totals or, when one of those is withheld, the declared
  // total minus the other declared values — whichever the published totals allow (both are
  // determined by what is published, so neither reveals anything withheld).
  const sum = (codes: string[]): number | null => {
    let s = 0;
    for (const code of codes) {
      const count = pivot.valueTotals[code] ?? 0;
      if (isSuppressed(count)) return null;
      s += count;
    }
    return s;
  };
  const nd = notDeclaredCode(pivot.dimension);
  const others = pivot.values.map((v) => v.code).filter((code) => code !== nd && !rollup.members.includes(code));
  const direct = sum(rollup.members);
  const complement = sum(others);
  const part = direct ?? (complement === null ? null : rate.part - complement);
  if (part === null) return { kind: 'suppressed' };
  return share(part, rate.part, pivot.threshold);
}

/** A count as CSV text: the number, or the suppression marker (never blank, never 0). */
const countCsv = (count: Count | undefined, marker: string): string => (isSuppressed(count) ? marker : String(count ?? 0));

/** Exactly what the cross-tab shows, as CSV rows: category, one column per value, total; totals last. */
export function pivotCsv(pivot: Pivot, headers: { category: string; total: string; valueLabel: (v: DimensionValueDef) => string; marker: string }): string[][] {
  return [
    [headers.category, ...pivot.values.map(headers.valueLabel), headers.total],
    ...pivot.rows.map((r) => [r.label, ...pivot.values.map((v) => countCsv(r.counts[v.code], headers.marker)), countCsv(r.total, headers.marker)]),
    [headers.total, ...pivot.values.map((v) => countCsv(pivot.valueTotals[v.code], headers.marker)), countCsv(pivot.total, headers.marker)],
  ];
}

/** What a headcount breakdown shows, in this order: still loading, the query's error, that there is nothing to show, or the pivot. */
export function pivotState(query: { isPending: boolean; isError: boolean }, pivot: { rows: unknown[] } | null): 'loading' | 'error' | 'empty' | 'ready' {
  if (query.isPending) return 'loading';
  if (query.isError) return 'error';
  return !pivot || pivot.rows.length === 0 ? 'empty' : 'ready';
}
