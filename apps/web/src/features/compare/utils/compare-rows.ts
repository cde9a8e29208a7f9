import { addQuarters, type FigureKind, type NationalDto, type NationalRow } from '@equity/shared';
import { baseText, rateBase, valueText } from '../../../lib/value-text';
import { t } from '../../../lib/i18n';

/** The quarters shown: `count` quarters ending with `last`, oldest first. */
export function quartersEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addQuarters(last, i - count + 1));
}

export interface CompareRow {
  zone: string;
  zoneName: string;
  /** Per quarter (same order as the quarters): the zone's row of the national comparison, if any. */
  cells: (NationalRow | null)[];
}

/** One row per chosen zone, one cell per quarter. */
export function compareRows(national: (NationalDto | undefined)[], zones: { code: string; name: string }[]): CompareRow[] {
  return zones.map((z) => ({
    zone: z.code,
    zoneName: z.name,
    cells: national.map((n) => n?.rows.find((r) => r.zone === z.code) ?? null),
  }));
}

/** A cell as words: the value, "suppressed", "too few to conclude" or "no data" — never 0 for a missing value. */
export function cellText(cell: NationalRow | null, kind: FigureKind): string {
  if (!cell) return t('value.noData');
  return valueText(cell.value, kind, cell.rate, cell.verdict);
}

/** Exactly what the table shows, as rows of a CSV file (with each value's base when it is a rate, and the year of the availability benchmark of a gap). */
export function compareCsv(rows: CompareRow[], quarters: string[], kind: FigureKind): string[][] {
  const header = [t('overview.csv.zoneCode'), t('overview.zone'), ...quarters.flatMap((q) => [q, t('compare.csv.base', { period: q })])];
  return [
    header,
    ...rows.map((r) => [
      r.zone,
      r.zoneName,
      ...r.cells.flatMap((c) => [cellText(c, kind), [c?.rate ? baseText(rateBase(c.rate)) : '', c?.benchmark ? t('compare.benchmark', c.benchmark) : ''].filter(Boolean).join('; ')]),
    ]),
  ];
}
