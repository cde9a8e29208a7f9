import type { ClassificationProfile } from '@equity/shared';
import { cellColumns, personColumns } from './return-validator.js';

const csvLine = (values: (string | number)[]) => values.map((v) => (/[",;\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',');

/** A CSV template of the cells format with a few example rows, including a totals row. */
export function cellsTemplate(profile: ClassificationProfile): string {
  const { required } = cellColumns(profile);
  const dims = profile.dimensions.filter((d) => !d.optional);
  const first = (i: number) => Object.fromEntries(dims.map((d) => [d.code, d.values[i % d.values.length]!.code]));
  const cat = profile.categories[1] ?? profile.categories[0]!;
  const rows: Record<string, string | number>[] = [
    { measure: 'headcount', detail: '', category: cat.code, ...first(0), count: 40 },
    { measure: 'headcount', detail: '', category: cat.code, ...first(1), count: 12 },
    { measure: 'hires', detail: 'new_recruit', category: cat.code, ...first(0), count: 2 },
    { measure: 'separations', detail: 'retirement', category: cat.code, ...first(1), count: 1 },
    { measure: 'headcount', detail: '', category: cat.code, ...Object.fromEntries(dims.map((d) => [d.code, 'total'])), count: 52 },
  ];
  return [csvLine(required), ...rows.map((r) => csvLine(required.map((c) => r[c] ?? '')))].join('\n') + '\n';
}

/** A CSV template of the per-person extract: one row per person, no names or numbers. */
export function personTemplate(profile: ClassificationProfile): string {
  const { required } = personColumns(profile);
  const dims = profile.dimensions.filter((d) => !d.optional);
  const v = (i: number) => Object.fromEntries(dims.map((d) => [d.code, d.values[i % d.values.length]!.code]));
  const cat = profile.categories[1] ?? profile.categories[0]!;
  const rows: Record<string, string>[] = [
    { category: cat.code, ...v(0), in_service_at_end: 'yes', joined: '', promoted: 'no', left_reason: '' },
    { category: cat.code, ...v(1), in_service_at_end: 'yes', joined: 'new_recruit', promoted: 'no', left_reason: '' },
    { category: cat.code, ...v(2), in_service_at_end: 'no', joined: '', promoted: 'no', left_reason: 'retirement' },
  ];
  return [csvLine(required), ...rows.map((r) => csvLine(required.map((c) => r[c] ?? '')))].join('\n') + '\n';
}
